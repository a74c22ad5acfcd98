package io.azmonrw.images;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The little of a 64-bit little-endian ELF file the image check needs: the machine it was built for, its program
 * interpreter, the libraries it needs (DT_NEEDED) and where it looks for them (DT_RUNPATH, DT_RPATH).
 */
record Elf(int machine, Optional<String> interpreter, List<String> needed, List<String> runpath) {

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    static boolean isElf(byte[] b) {
        return b.length > 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    static Elf parse(byte[] bytes, String name) throws IOException {
        if (!isElf(bytes)) {
            throw new IOException(name + " is not an ELF file");
        }
        if (bytes[4] != 2 || bytes[5] != 1) {
            throw new IOException(name + " is not a 64-bit little-endian ELF file");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int machine = Short.toUnsignedInt(b.getShort(0x12));
            long phoff = b.getLong(0x20);
            int phentsize = Short.toUnsignedInt(b.getShort(0x36));
            int phnum = Short.toUnsignedInt(b.getShort(0x38));
            List<long[]> loads = new ArrayList<>(); // vaddr, offset, filesz
            long dynOff = -1;
            long dynSize = 0;
            String interp = null;
            for (int i = 0; i < phnum; i++) {
                int ph = Math.toIntExact(phoff + (long) i * phentsize);
                int type = b.getInt(ph);
                long offset = b.getLong(ph + 8);
                long vaddr = b.getLong(ph + 16);
                long filesz = b.getLong(ph + 32);
                if (type == PT_LOAD) {
                    loads.add(new long[] {vaddr, offset, filesz});
                } else if (type == PT_DYNAMIC) {
                    dynOff = offset;
                    dynSize = filesz;
                } else if (type == PT_INTERP) {
                    interp = cString(bytes, Math.toIntExact(offset));
                }
            }
            List<Long> neededOffsets = new ArrayList<>();
            List<Long> pathOffsets = new ArrayList<>();
            long strtab = -1;
            for (long d = dynOff; dynOff >= 0 && d + 16 <= dynOff + dynSize; d += 16) {
                long tag = b.getLong(Math.toIntExact(d));
                long val = b.getLong(Math.toIntExact(d + 8));
                if (tag == 0) {
                    break;
                } else if (tag == DT_NEEDED) {
                    neededOffsets.add(val);
                } else if (tag == DT_STRTAB) {
                    strtab = val;
                } else if (tag == DT_RUNPATH || tag == DT_RPATH) {
                    pathOffsets.add(val);
                }
            }
            List<String> needed = new ArrayList<>();
            List<String> runpath = new ArrayList<>();
            if (strtab >= 0) {
                long strOff = toOffset(loads, strtab, name);
                for (long n : neededOffsets) {
                    needed.add(cString(bytes, Math.toIntExact(strOff + n)));
                }
                for (long n : pathOffsets) {
                    for (String part : cString(bytes, Math.toIntExact(strOff + n)).split(":")) {
                        if (!part.isEmpty()) {
                            runpath.add(part);
                        }
                    }
                }
            }
            return new Elf(machine, Optional.ofNullable(interp), needed, runpath);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new IOException(name + " is a truncated or malformed ELF file", e);
        }
    }

    private static long toOffset(List<long[]> loads, long vaddr, String name) throws IOException {
        for (long[] l : loads) {
            if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                return vaddr - l[0] + l[1];
            }
        }
        throw new IOException(name + ": string table address 0x" + Long.toHexString(vaddr) + " is in no loaded segment");
    }

    private static String cString(byte[] bytes, int start) {
        int end = start;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    static String machineName(int machine) {
        return switch (machine) {
            case Platform.EM_X86_64 -> "x86-64";
            case Platform.EM_AARCH64 -> "aarch64";
            default -> "machine " + machine;
        };
    }
}
