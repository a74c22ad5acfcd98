package io.azmonrw.proxy.decode;

/**
 * A raw protobuf reader over a byte array: varints, tags and length prefixes, each bounded by the end of the
 * enclosing message passed in by the caller. It replaces {@code CodedInputStream} on the hot path, where
 * pushLimit/popLimit per label and sample dominated the profile; it keeps the same checks (varints at most
 * 10 bytes, tags with a field number, lengths not negative and inside the enclosing message).
 */
final class Cursor {
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private final byte[] buf;
    /** The next byte to read; never past the end the caller works within. */
    int pos;

    Cursor(byte[] buf, int pos) {
        this.buf = buf;
        this.pos = pos;
    }

    /** The next tag, or 0 at {@code end}; a field number 0 is refused as protobuf-java does. */
    int tag(int end) throws DecodeException {
        if (pos >= end) {
            return 0;
        }
        byte b = buf[pos];
        int tag;
        if (b >= 0) {
            pos++;
            tag = b;
        } else {
            // like CodedInputStream.readRawVarint32: up to 10 bytes, the low 32 bits count
            tag = (int) varintSlow(end);
        }
        if ((tag >>> 3) == 0) {
            throw invalid("invalid tag (zero)");
        }
        return tag;
    }

    long varint(int end) throws DecodeException {
        if (pos < end) {
            byte b = buf[pos];
            if (b >= 0) {
                pos++;
                return b;
            }
        }
        return varintSlow(end);
    }

    private long varintSlow(int end) throws DecodeException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw truncated();
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw invalid("malformed varint");
    }

    /** Reads a length prefix and returns where that field ends, checked to lie inside {@code end}. */
    int enter(int end) throws DecodeException {
        // a length is a varint32: the low 32 bits, as CodedInputStream reads it
        int len = (int) varint(end);
        if (len < 0) {
            throw invalid("embedded message or string with negative size");
        }
        if (len > end - pos) {
            throw truncated();
        }
        return pos + len;
    }

    /** Skips {@code len} bytes of a length-delimited field whose prefix the caller has read. */
    void skipBytes(int len, int end) throws DecodeException {
        if (len < 0) {
            throw invalid("embedded message or string with negative size");
        }
        skip(len, end);
    }

    /** Skips a length-delimited field by its length prefix. */
    void skipLen(int end) throws DecodeException {
        pos = enter(end);
    }

    /**
     * Skips a length-delimited string, checking that it is well-formed UTF-8 (RFC 3629: shortest form, no
     * surrogates, at most U+10FFFF), as protobuf requires of {@code string} fields; false when it is not.
     */
    boolean skipUtf8(int end) throws DecodeException {
        int stop = enter(end);
        int i = pos;
        while (i < stop) {
            // label strings are mostly ASCII: eight bytes per step while no byte has its high bit set
            if (stop - i >= 8 && ((long) LONGS.get(buf, i) & 0x8080808080808080L) == 0) {
                i += 8;
                continue;
            }
            int b = buf[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int n;
            int min;
            if ((b & 0xE0) == 0xC0) {
                n = 1;
                min = 0x80;
            } else if ((b & 0xF0) == 0xE0) {
                n = 2;
                min = 0x800;
            } else if ((b & 0xF8) == 0xF0) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (n > stop - i - 1) {
                return false;
            }
            int cp = b & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int c = buf[i + k];
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        pos = stop;
        return true;
    }

    /**
     * The common shape of a two-string message such as a Label, ending at {@code end}: {@code firstTag} then
     * {@code secondTag}, both length-delimited with a one-byte length, and every byte ASCII (so every tag and length
     * is one byte and both strings are valid UTF-8). Skips it in one pass and returns true when it has exactly that
     * shape; otherwise returns false with the cursor unmoved, and the caller reads it field by field, which accepts
     * everything this accepts. Label scanning was a fifth of the proxy's CPU (BENCHMARKS.md) mostly in per-string
     * calls on strings too short for {@link #skipUtf8}'s eight-byte steps.
     */
    boolean skipAsciiPair(int end, int firstTag, int secondTag) {
        int p = pos;
        int n = end - p;
        if (n < 4) {
            return false;
        }
        // one ASCII check over the whole message, eight bytes a step; the last step overlaps the one before
        if (n >= 8) {
            for (int i = p; i < end - 8; i += 8) {
                if (((long) LONGS.get(buf, i) & 0x8080808080808080L) != 0) {
                    return false;
                }
            }
            if (((long) LONGS.get(buf, end - 8) & 0x8080808080808080L) != 0) {
                return false;
            }
        } else {
            for (int i = p; i < end; i++) {
                if (buf[i] < 0) {
                    return false;
                }
            }
        }
        // every byte is below 0x80 now, so each length below is one non-negative byte
        if (buf[p] != firstTag) {
            return false;
        }
        int second = p + 2 + buf[p + 1];
        if (second > end - 2 || buf[second] != secondTag || second + 2 + buf[second + 1] != end) {
            return false;
        }
        pos = end;
        return true;
    }

    /** Skips {@code n} raw bytes (fixed64, fixed32), which must lie inside {@code end}. */
    void skip(int n, int end) throws DecodeException {
        if (n > end - pos) {
            throw truncated();
        }
        pos += n;
    }

    static DecodeException truncated() {
        return invalid("the input ended unexpectedly in the middle of a field");
    }

    static DecodeException invalid(String what) {
        return new DecodeException("invalid protobuf: " + what);
    }
}
