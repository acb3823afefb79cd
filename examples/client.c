/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* The connection mqttwire-pub and mqttwire-sub share (see client.h). */
#define _POSIX_C_SOURCE 200809L /* getaddrinfo, poll, sendmsg, clock_gettime */

#include "client.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* How long to wait for CONNACK, and for the server to close after our
 * DISCONNECT; -c on 5.0: how long the server keeps the session. */
#define CONNACK_WAIT_MS 10000
#define CLOSE_WAIT_MS 1000
#define SESSION_EXPIRY_S 3600

long long client_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long client_min_wait(long long a, long long b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

static uint32_t now32(void)
{
    return (uint32_t)client_now_ms();
}

static int tcp_connect(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res, *ai;
    int rc = getaddrinfo(host, port, &hints, &res), fd = -1;
    if (rc) {
        fprintf(stderr, "%s:%s: %s\n", host, port, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        fprintf(stderr, "%s:%s: cannot connect: %s\n", host, port, strerror(errno));
        return -1;
    }
    /* Acks are tiny and each gates the next step of a flow: no Nagle. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
    return fd;
}

/* Write all of iov[0..n), however the kernel splits it, as a packet of
 * `type`. While --drop-after is about to drop the connection nothing is
 * written: the packet is lost with the connection. */
static int send_all(client *c, int type, struct iovec *iov, int n)
{
    while (n > 0 && !c->drop_now) {
        struct msghdr msg = {.msg_iov = iov, .msg_iovlen = (size_t)n};
        /* MSG_NOSIGNAL: a server that closed is an error here, not SIGPIPE. */
        ssize_t sent = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0) {
            fprintf(stderr, "send: %s\n", strerror(errno));
            return -1;
        }
        for (; n > 0 && (size_t)sent >= iov->iov_len; iov++, n--)
            sent -= (ssize_t)iov->iov_len;
        if (n > 0) {
            iov->iov_base = (uint8_t *)iov->iov_base + sent;
            iov->iov_len -= (size_t)sent;
        }
        if (n == 0)
            c->drop_now = !c->dropped && type == c->o->drop_after;
    }
    mqw_keepalive_sent(&c->keep_alive, now32());
    return 0;
}

/* Say why a builder refused, or what it dropped to fit the server's
 * Maximum Packet Size (the receiver will not see it); 0 or -1. */
static int built(const client *c, const char *what, int rc, const mqw_diag *diag)
{
    char text[200];
    unsigned long max = c->out_lim.max_packet_size;
    if (rc == MQW_OK && diag->dropped)
        fprintf(stderr, "%s: dropped%s%s to fit the server's Maximum Packet Size (%lu)\n", what,
                diag->dropped & MQW_DROPPED_REASON_STRING ? " the Reason String" : "",
                diag->dropped & MQW_DROPPED_USER_PROPERTY ? " User Properties" : "", max);
    if (rc == MQW_OK)
        return 0;
    mqw_diag_format(text, sizeof text, rc, diag, MQW_DIAG_BUILD, NULL);
    fprintf(stderr, "cannot build %s: %s", what, text);
    if (rc == MQW_ERR_TOO_LARGE && max)
        fprintf(stderr, ": the server's Maximum Packet Size is %lu", max);
    fputc('\n', stderr);
    return -1;
}

int client_send(client *c, const mqw_packet *pkt)
{
    size_t len = 0;
    mqw_diag diag;
    int rc = mqw_build(c->out, CLIENT_OUT_CAP, pkt, c->o->version, &c->out_lim, &diag, &len);
    struct iovec iov = {c->out, len};
    return built(c, mqw_packet_name(pkt->type), rc, &diag) ? -1 : send_all(c, pkt->type, &iov, 1);
}

int client_send_ack(client *c, const mqw_action *act)
{
    if (act->send < MQW_PUBACK || act->send > MQW_PUBCOMP)
        return 0;
    mqw_packet pkt = {.type = act->send, .u.ack = mqw_action_ack(act)};
    return client_send(c, &pkt);
}

int client_send_publish(client *c, const mqw_publish *pub)
{
    size_t len = 0;
    mqw_diag diag;
    int rc = mqw_publish_build_header(c->out, CLIENT_OUT_CAP, pub, c->o->version, &c->out_lim,
                                      &diag, &len);
    struct iovec iov[2] = {{c->out, len}, {(void *)pub->payload.ptr, pub->payload.len}};
    return built(c, "PUBLISH", rc, &diag) ? -1 : send_all(c, MQW_PUBLISH, iov, 2);
}

/* Wait until fd is readable or `deadline` (ms, -1 = none) passes. */
static int wait_readable(int fd, long long deadline)
{
    for (;;) {
        long long left = deadline - client_now_ms();
        struct pollfd pfd = {fd, POLLIN, 0};
        int n = poll(&pfd, 1,
                     deadline < 0     ? -1
                     : left < 0       ? 0
                     : left > 1000000 ? 1000000
                                      : (int)left);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

static void close_connection(client *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

/* Close the connection on what the server did wrong, with a 5.0
 * DISCONNECT saying why; -1. `from`: MQW_DIAG_PARSE or MQW_DIAG_SESSION. */
static int refuse(client *c, const char *what, int rc, const mqw_diag *diag, int from)
{
    char text[200];
    mqw_diag_format(text, sizeof text, rc, diag, from, NULL);
    fprintf(stderr, "%s: %s\n", what, text);
    if (c->o->version == MQW_V5)
        client_send(
            c, &(mqw_packet){.type = MQW_DISCONNECT, .u.disconnect.code = mqw_reason_code(rc)});
    close_connection(c);
    return -1;
}

/* The next packet from the server into *pkt, waiting at most `wait_ms`
 * (-1: for ever); PINGRESP is Keep Alive's alone. 1 with a packet (views
 * valid until the next call), 0 when the wait ends first, -1 when the
 * connection ends or breaks (after a message). */
static int read_packet(client *c, mqw_packet *pkt, long long wait_ms)
{
    long long deadline = wait_ms < 0 ? -1 : client_now_ms() + wait_ms;
    for (;;) {
        /* The packet handed out last is done with: shift what follows it. */
        if (c->in_used) {
            memmove(c->in, c->in + c->in_used, c->in_have - c->in_used);
            c->in_have -= c->in_used;
            c->in_used = 0;
        }
        mqw_diag diag;
        size_t need = 0;
        int rc = mqw_parse(c->in, c->in_have, pkt, c->o->version, &c->in_lim, &diag, &need);
        if (rc == MQW_OK) {
            c->in_used = need;
            mqw_keepalive_received(&c->keep_alive, pkt->type, now32());
            c->drop_now |= !c->dropped && pkt->type == c->o->drop_after;
            if (pkt->type == MQW_PINGRESP)
                continue;
            if (pkt->type != MQW_DISCONNECT)
                return 1;
            fprintf(stderr, "server disconnected: %s\n", mqw_reason_string(pkt->u.disconnect.code));
            client_print_props(stderr, &pkt->u.disconnect.props, "  ");
            return -1;
        }
        if (rc != MQW_ERR_NEED_MORE)
            return refuse(c, "bad packet from server", rc, &diag, MQW_DIAG_PARSE);
        int ready = wait_readable(c->fd, deadline);
        if (ready == 0)
            return 0;
        ssize_t got =
            ready < 0 ? -1 : read(c->fd, c->in + c->in_have, CLIENT_MAX_PACKET - c->in_have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            fprintf(stderr, "connection closed by the server%s%s\n", got < 0 ? ": " : "",
                    got < 0 ? strerror(errno) : "");
            return -1;
        }
        c->in_have += (size_t)got;
    }
}

/* Name of a CONNACK code: 3.x return code or 5.0 reason code. */
static const char *connack_name(int version, uint8_t code)
{
    static const char *const v3[] = {
        "Connection Accepted", "Unacceptable protocol version", "Identifier rejected",
        "Server unavailable",  "Bad user name or password",     "Not authorized",
    };
    if (version == MQW_V5)
        return mqw_reason_string(code);
    return code < sizeof v3 / sizeof v3[0] ? v3[code] : "Reserved return code";
}

/* One connection: TCP, CONNECT, CONNACK; then the session, Keep Alive
 * and the alias tables start on what it settled. */
static int open_connection(client *c)
{
    const client_opts *o = c->o;
    c->in_have = c->in_used = 0;
    if ((c->fd = tcp_connect(o->host, o->port)) < 0)
        return -1;
    /* 5.0: how large a packet we take (the server drops, rather than
     * sends, what we would refuse); the aliases it may use, as many as our
     * table gives; with -c, how long to keep the session (0, the default,
     * would end it with the connection). */
    mqw_property all[11] = {{.id = MQW_PROP_MAXIMUM_PACKET_SIZE, .v.num = CLIENT_MAX_PACKET}};
    size_t n = 1;
    uint16_t aliases =
        c->alias_in ? mqw_alias_reset(c->alias_in, o->version == MQW_V5 ? 65535 : 0) : 0;
    if (aliases)
        all[n++] = (mqw_property){.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = aliases};
    if (o->keep_session)
        all[n++] =
            (mqw_property){.id = MQW_PROP_SESSION_EXPIRY_INTERVAL, .v.num = SESSION_EXPIRY_S};
    for (size_t k = 0; k < c->n_props && n < sizeof all / sizeof all[0]; k++)
        all[n++] = c->props[k];
    mqw_connect conn = {
        .version = (uint8_t)o->version,
        .clean_start = !o->keep_session,
        .keep_alive = (uint16_t)o->keep_alive,
        .client_id = mqw_cstr(o->client_id),
        .props = {.list = o->version == MQW_V5 ? all : NULL, .n = o->version == MQW_V5 ? n : 0},
        .will = o->will_topic != NULL,
        .will_topic = mqw_cstr(o->will_topic),
        .will_payload = mqw_cstr(o->will_payload),
        .will_qos = (uint8_t)(o->will_topic ? o->will_qos : 0),
        .will_retain = o->will_topic && o->will_retain,
    };
    mqw_packet pkt = {.type = MQW_CONNECT, .u.connect = conn};
    if (client_send(c, &pkt))
        return -1;
    int rc = read_packet(c, &pkt, CONNACK_WAIT_MS);
    if (rc == 0)
        fprintf(stderr, "no CONNACK within %d ms\n", CONNACK_WAIT_MS);
    if (rc <= 0)
        return -1;
    if (pkt.type != MQW_CONNACK) {
        fprintf(stderr, "expected CONNACK, got %s\n", mqw_packet_name(pkt.type));
        return -1;
    }
    const mqw_connack *ack = &pkt.u.connack;
    if (ack->code != 0) {
        fprintf(stderr, "connection refused: %s (0x%02X)\n", connack_name(o->version, ack->code),
                ack->code);
        client_print_props(stderr, &ack->props, "  ");
        return -1;
    }
    mqw_property p;
    if (mqw_props_find(&ack->props, MQW_PROP_MAXIMUM_QOS, &p))
        c->server_max_qos = p.v.num;
    if (mqw_props_find(&ack->props, MQW_PROP_RETAIN_AVAILABLE, &p))
        c->server_retain = p.v.num != 0;
    if (mqw_props_find(&ack->props, MQW_PROP_MAXIMUM_PACKET_SIZE, &p))
        c->out_lim.max_packet_size = p.v.num;
    mqw_link_client(&c->link, &conn, ack);
    mqw_session_connected(&c->session, &c->link, now32());
    mqw_keepalive_init(&c->keep_alive, MQW_ROLE_CLIENT, c->link.keep_alive, now32());
    if (c->alias_out)
        mqw_alias_reset(c->alias_out, c->link.alias_max);
    if (o->verbose) {
        static const char *const names[] = {"?", "?", "?", "3.1", "3.1.1", "5.0"};
        fprintf(stderr, "connected to %s:%s with MQTT %s%s\n", o->host, o->port, names[o->version],
                c->link.session_present ? ", session present" : "");
        client_print_props(stderr, &ack->props, "  CONNACK ");
    }
    return 0;
}

int client_connect(client *c, const client_opts *o, const mqw_property *props, size_t n_props)
{
    c->fd = -1;
    c->o = o;
    c->props = props;
    c->n_props = n_props;
    c->server_max_qos = 2;
    c->server_retain = true;
    c->out_lim = (mqw_limits){.flags = MQW_TRIM_TO_FIT, .role = MQW_ROLE_CLIENT};
    c->in_lim = (mqw_limits){.max_packet_size = CLIENT_MAX_PACKET, .role = MQW_ROLE_CLIENT};
    c->in = malloc(CLIENT_MAX_PACKET);
    c->out = malloc(CLIENT_OUT_CAP);
    if (!c->in || !c->out) {
        fprintf(stderr, "out of memory\n");
        return -1;
    }
    return open_connection(c);
}

/* Close our side and wait for the server to close its own: closing with
 * unread bytes pending makes the kernel send a reset, which could overtake
 * what we sent last. What the server sends meanwhile is dropped. */
static void close_gently(client *c)
{
    static uint8_t sink[4096];
    long long deadline = client_now_ms() + CLOSE_WAIT_MS;
    shutdown(c->fd, SHUT_WR);
    while (wait_readable(c->fd, deadline) > 0 && read(c->fd, sink, sizeof sink) > 0)
        ;
    close_connection(c);
}

int client_receive(client *c, mqw_packet *pkt, mqw_action *act, long long wait_ms)
{
    memset(act, 0, sizeof *act);
    if (c->drop_now) {
        /* --drop-after: no DISCONNECT, so the server keeps the session
         * (with -c) as after a network failure. */
        if (c->o->verbose)
            fprintf(stderr, "dropping the connection (--drop-after), connecting again\n");
        c->drop_now = false;
        c->dropped = true;
        close_gently(c);
        mqw_session_disconnected(&c->session);
        return open_connection(c) ? CLIENT_BROKEN : CLIENT_RECONNECTED;
    }
    int rc = read_packet(c, pkt, wait_ms);
    if (rc <= 0)
        return rc;
    mqw_diag diag;
    if (pkt->type == MQW_PUBLISH && c->alias_in &&
        (rc = mqw_alias_receive(c->alias_in, &pkt->u.publish, &pkt->u.publish.topic, &diag)))
        return refuse(c, "the server's Topic Alias", rc, &diag, MQW_DIAG_SESSION);
    if ((rc = mqw_session_receive(&c->session, pkt, now32(), act, &diag)))
        return refuse(c, "the server breaks the delivery rules", rc, &diag, MQW_DIAG_SESSION);
    return client_send_ack(c, act) ? CLIENT_BROKEN : CLIENT_PACKET;
}

long long client_timers(client *c)
{
    uint32_t now = now32(), keep_alive_in, resend_in;
    uint8_t ping;
    mqw_diag diag;
    if (mqw_keepalive_check(&c->keep_alive, now, &ping, &keep_alive_in, &diag)) {
        fprintf(stderr, "no PINGRESP within %u s: server gone\n", c->link.keep_alive);
        return -2;
    }
    if (ping && client_send(c, &(mqw_packet){.type = MQW_PINGREQ}))
        return -2;
    int rc = mqw_session_tick(&c->session, now, &resend_in, &diag);
    if (rc) {
        char text[200];
        mqw_diag_format(text, sizeof text, rc, &diag, MQW_DIAG_SESSION, NULL);
        fprintf(stderr, "no ack after the last resend: %s\n", text);
        return -2;
    }
    uint32_t wait = keep_alive_in < resend_in ? keep_alive_in : resend_in;
    return wait == UINT32_MAX ? -1 : (long long)wait;
}

void client_disconnect(client *c)
{
    if (c->fd >= 0 && client_send(c, &(mqw_packet){.type = MQW_DISCONNECT}) == 0)
        close_gently(c);
    client_abort(c);
}

void client_abort(client *c)
{
    close_connection(c);
    free(c->in);
    free(c->out);
    c->in = c->out = NULL;
}

static void print_text_or_hex(FILE *f, mqw_bytes b)
{
    bool text = true;
    for (size_t i = 0; i < b.len && text; i++)
        text = b.ptr[i] >= 0x20 && b.ptr[i] < 0x7F;
    if (text)
        fwrite(b.ptr, 1, b.len, f);
    else
        for (size_t i = 0; i < b.len; i++)
            fprintf(f, i ? "%02X" : "0x%02X", b.ptr[i]);
}

void client_print_props(FILE *f, const mqw_props *props, const char *indent)
{
    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, props);
    while (mqw_props_next(&it, &p)) {
        fprintf(f, "%s%s: ", indent, mqw_property_name(p.id));
        int type = mqw_property_type(p.id);
        if (type == MQW_PTYPE_STRING || type == MQW_PTYPE_BINARY) {
            print_text_or_hex(f, p.v.bytes);
        } else if (type == MQW_PTYPE_PAIR) {
            print_text_or_hex(f, p.v.pair.name);
            fputc('=', f);
            print_text_or_hex(f, p.v.pair.value);
        } else {
            fprintf(f, "%lu", (unsigned long)p.v.num);
        }
        fputc('\n', f);
    }
}
