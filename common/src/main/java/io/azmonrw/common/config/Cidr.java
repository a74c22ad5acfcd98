package io.azmonrw.common.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR notation; IPv4-mapped IPv6 addresses match the IPv4 networks. */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * @param text {@code 10.0.0.0/8}, {@code ::1/128}, or a single address (a host network)
     * @throws IllegalArgumentException with a one-line reason
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.isEmpty() || !addr.matches("[0-9a-fA-F:.]+")) {
            // refuse host names: InetAddress would resolve them through DNS
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR", e);
        }
        // Java turns ::ffff:a.b.c.d into an IPv4 address, so an IPv6 prefix over it counts from bit 96
        boolean mappedV4 = addr.contains(":") && bytes.length == 4;
        int max = mappedV4 ? 128 : bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number", e);
            }
            if (prefix < 0 || prefix > max || (mappedV4 && prefix < 96)) {
                throw new IllegalArgumentException(
                        "'" + text + "' has a prefix length outside " + (mappedV4 ? 96 : 0) + ".." + max);
            }
        }
        if (mappedV4) {
            prefix -= 96;
        }
        return new Cidr(mask(bytes, prefix), prefix, s);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = Arrays.copyOf(bytes, bytes.length);
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bits));
        }
        return out;
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && network.length == 4 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        } else if (address instanceof Inet4Address && network.length == 16 && isV4Mapped(network)) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        if (bytes.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(bytes, prefix), network);
    }

    private static boolean isV4Mapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return text;
    }
}
