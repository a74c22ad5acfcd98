package io.azmonrw.images;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds minimal 64-bit ELF files (header, one load segment, a dynamic section) for the checks to read. */
final class TestElf {

    /** ELF e_machine values, from the ELF specification (elf.h). */
    static final int EM_X86_64 = 62;

    static final int EM_AARCH64 = 183;

    private TestElf() {}

    static byte[] build(int machine, String interpreter, List<String> needed, List<String> runpath) {
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        int[] neededOff = new int[needed.size()];
        for (int i = 0; i < needed.size(); i++) {
            neededOff[i] = strtab.size();
            strtab.writeBytes((needed.get(i) + "\0").getBytes(StandardCharsets.UTF_8));
        }
        int runpathOff = strtab.size();
        strtab.writeBytes((String.join(":", runpath) + "\0").getBytes(StandardCharsets.UTF_8));
        byte[] interp = interpreter == null ? new byte[0] : (interpreter + "\0").getBytes(StandardCharsets.UTF_8);
        int phnum = interpreter == null ? 2 : 3;
        int phOff = 64;
        int interpOff = phOff + phnum * 56;
        int strOff = interpOff + interp.length;
        int dynOff = (strOff + strtab.size() + 7) & ~7;
        int dynCount = needed.size() + (runpath.isEmpty() ? 0 : 1) + 3;
        int total = dynOff + dynCount * 16;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(0x10, (short) 3);
        b.putShort(0x12, (short) machine);
        b.putInt(0x14, 1);
        b.putLong(0x20, phOff);
        b.putShort(0x34, (short) 64);
        b.putShort(0x36, (short) 56);
        b.putShort(0x38, (short) phnum);
        int ph = phOff;
        ph = programHeader(b, ph, 1, 0, total);
        ph = programHeader(b, ph, 2, dynOff, dynCount * 16);
        if (interpreter != null) {
            programHeader(b, ph, 3, interpOff, interp.length);
        }
        b.put(interpOff, interp);
        b.put(strOff, strtab.toByteArray());
        int d = dynOff;
        for (int off : neededOff) {
            b.putLong(d, 1).putLong(d + 8, off);
            d += 16;
        }
        if (!runpath.isEmpty()) {
            b.putLong(d, 29).putLong(d + 8, runpathOff);
            d += 16;
        }
        b.putLong(d, 5).putLong(d + 8, strOff);
        d += 16;
        // DT_STRSZ: without section headers readelf needs it to read the names
        b.putLong(d, 10).putLong(d + 8, strtab.size());
        d += 16;
        b.putLong(d, 0).putLong(d + 8, 0);
        return b.array();
    }

    private static int programHeader(ByteBuffer b, int at, int type, long offset, long size) {
        b.putInt(at, type);
        b.putLong(at + 8, offset);
        b.putLong(at + 16, offset);
        b.putLong(at + 24, offset);
        b.putLong(at + 32, size);
        b.putLong(at + 40, size);
        return at + 56;
    }
}
