package io.azmonrw.proxy.write;

import io.azmonrw.common.config.Cidr;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * ALLOWED_WRITERS: whether the peer of a request may write. A connection's peer never changes, so the decision (an
 * address parse and a CIDR walk) is made on its first write and kept on its channel, which drops it when the
 * connection closes; a new connection is decided afresh.
 */
final class WriterCheck {
    private static final AttributeKey<Boolean> DECISION = AttributeKey.valueOf("azmon-rw.writer-allowed");

    private final Predicate<String> rule;

    WriterCheck(List<Cidr> allowedWriters) {
        List<Cidr> networks = List.copyOf(allowedWriters);
        this.rule = address -> allowed(networks, address);
    }

    /** @param rule decides on the writer's IP as text (null when it has none); tests count its calls */
    WriterCheck(Predicate<String> rule) {
        this.rule = rule;
    }

    boolean allowed(HttpServerRequest req) {
        HttpConnection conn = req.connection();
        if (conn instanceof ConnectionBase base && base.channel() != null) {
            Attribute<Boolean> kept = base.channel().attr(DECISION);
            Boolean decision = kept.get();
            if (decision == null) {
                decision = rule.test(writerAddress(req.remoteAddress()));
                kept.set(decision);
            }
            return decision;
        }
        return rule.test(writerAddress(req.remoteAddress()));
    }

    /** The writer's IP as text; null when it has none (a Unix socket). */
    static String writerAddress(SocketAddress remote) {
        return remote == null ? null : remote.hostAddress();
    }

    static boolean allowed(List<Cidr> allowedWriters, String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        InetAddress ip;
        try {
            // a literal, so no name lookup happens
            ip = InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        for (Cidr c : allowedWriters) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
