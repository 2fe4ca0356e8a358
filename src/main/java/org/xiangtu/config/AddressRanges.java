package org.xiangtu.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A list of IP addresses and CIDR ranges from the configuration ({@code 10.0.0.5}, {@code 10.1.0.0/16},
 * {@code fd00::/8}), and the parsing of address literals. Nothing here looks up a name: a host name is
 * refused, so neither the configuration nor a request header can make the server ask DNS.
 */
public final class AddressRanges {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The empty list: contains nothing. */
    public static AddressRanges none() {
        return new AddressRanges(List.of());
    }

    /**
     * @param specs addresses and {@code address/bits} ranges
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static AddressRanges parse(List<String> specs) {
        List<Range> out = new ArrayList<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            String s = spec == null ? "" : spec.trim();
            int slash = s.indexOf('/');
            InetAddress a = literal(slash < 0 ? s : s.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("'" + spec + "' is not an IP address or a CIDR range"));
            byte[] bytes = a.getAddress();
            int bits = bytes.length * 8;
            if (slash >= 0) {
                String b = s.substring(slash + 1);
                if (!b.matches("\\d{1,3}") || Integer.parseInt(b) > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + spec + "' has a bad prefix length");
                }
                bits = Integer.parseInt(b);
            }
            out.add(new Range(bytes, bits));
        }
        return new AddressRanges(List.copyOf(out));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the address (a literal; anything else is not contained) is in one of the ranges. */
    public boolean contains(String address) {
        if (ranges.isEmpty()) {
            return false;
        }
        return literal(address).map(a -> contains(a.getAddress())).orElse(false);
    }

    private boolean contains(byte[] a) {
        for (Range r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An IPv4 or IPv6 literal (IPv6 optionally in brackets, IPv4 optionally with a port, as some
     * proxies write them), without any name lookup; empty for anything else.
     */
    public static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            s = s.substring(1, end);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':') && s.contains(".")) {
            s = s.substring(0, s.indexOf(':')); // 1.2.3.4:5678
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(s).matches();
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!(s.contains(":") && s.length() <= 45 && IPV6.matcher(s).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The canonical text of an address literal (IPv6 compressed, IPv4-mapped as IPv4); the text itself otherwise. */
    public static String canonical(String text) {
        return literal(text).map(InetAddress::getHostAddress).map(AddressRanges::dropZone).orElse(text);
    }

    /** Whether the address is IPv6 (not IPv4-mapped). */
    public static boolean isIpv6(String text) {
        return literal(text).map(a -> a instanceof Inet6Address).orElse(false);
    }

    private static String dropZone(String s) {
        int zone = s.indexOf('%');
        return zone < 0 ? s : s.substring(0, zone);
    }
}
