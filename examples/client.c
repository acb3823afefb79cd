/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* The connection mqttwire-pub and mqttwire-sub share: TCP, the CONNECT /
 * CONNACK handshake, sending, the stream reader and keep-alive (see
 * client.h). */
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
 * DISCONNECT. */
#define CONNACK_WAIT_MS 10000
#define CLOSE_WAIT_MS 1000

long long client_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int tcp_connect(const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc) {
        fprintf(stderr, "%s:%s: %s\n", host, port, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
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
    /* Acks are tiny and each one gates the next step of a flow: do not let
     * Nagle's algorithm hold them back. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Write all of iov[0..n), however the kernel splits it. */
static int send_all(client *c, struct iovec *iov, int n)
{
    while (n > 0) {
        struct msghdr msg;
        memset(&msg, 0, sizeof msg);
        msg.msg_iov = iov;
        msg.msg_iovlen = n;
        /* MSG_NOSIGNAL: a server that closed is an error here, not SIGPIPE. */
        ssize_t sent = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0) {
            fprintf(stderr, "send: %s\n", strerror(errno));
            return -1;
        }
        while (n > 0 && (size_t)sent >= iov->iov_len) {
            sent -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (uint8_t *)iov->iov_base + sent;
            iov->iov_len -= (size_t)sent;
        }
    }
    c->last_send_ms = client_now_ms();
    return 0;
}

static void report_build(const client *c, const char *what, int rc, const mqw_diag *diag)
{
    fprintf(stderr, "cannot build %s: %s (rule %s)", what, mqw_strerror(rc),
            diag->rule ? diag->rule : "-");
    if (rc == MQW_ERR_TOO_LARGE && c->out_lim.max_packet_size)
        fprintf(stderr, ": the server's Maximum Packet Size is %lu",
                (unsigned long)c->out_lim.max_packet_size);
    fputc('\n', stderr);
}

/* The builders may drop what the server's Maximum Packet Size has no room
 * for; say so, the receiver will not see it. */
static void report_dropped(const client *c, const char *what, const mqw_diag *diag)
{
    if (diag->dropped)
        fprintf(stderr, "%s: dropped%s%s to fit the server's Maximum Packet Size (%lu)\n", what,
                diag->dropped & MQW_DROPPED_REASON_STRING ? " the Reason String" : "",
                diag->dropped & MQW_DROPPED_USER_PROPERTY ? " User Properties" : "",
                (unsigned long)c->out_lim.max_packet_size);
}

int client_send(client *c, const mqw_packet *pkt)
{
    size_t len = 0;
    mqw_diag diag;
    int rc = mqw_build(c->out, CLIENT_OUT_CAP, pkt, c->version, &c->out_lim, &diag, &len);
    if (rc != MQW_OK) {
        report_build(c, mqw_packet_name(pkt->type), rc, &diag);
        return -1;
    }
    report_dropped(c, mqw_packet_name(pkt->type), &diag);
    struct iovec iov = {c->out, len};
    return send_all(c, &iov, 1);
}

int client_send_publish(client *c, const mqw_publish *pub)
{
    size_t len = 0;
    mqw_diag diag;
    int rc =
        mqw_publish_build_header(c->out, CLIENT_OUT_CAP, pub, c->version, &c->out_lim, &diag, &len);
    if (rc != MQW_OK) {
        report_build(c, "PUBLISH", rc, &diag);
        return -1;
    }
    report_dropped(c, "PUBLISH", &diag);
    struct iovec iov[2] = {{c->out, len}, {(void *)pub->payload.ptr, pub->payload.len}};
    return send_all(c, iov, pub->payload.len ? 2 : 1);
}

/* Wait until fd is readable or `deadline` (ms, -1 = none) passes. */
static int wait_readable(int fd, long long deadline)
{
    for (;;) {
        long long left = deadline < 0 ? -1 : deadline - client_now_ms();
        if (deadline >= 0 && left < 0)
            left = 0;
        struct pollfd pfd = {fd, POLLIN, 0};
        int n = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
        if (n < 0 && errno == EINTR)
            continue;
        return n;
    }
}

int client_read(client *c, mqw_packet *pkt, long long wait_ms)
{
    long long deadline = wait_ms < 0 ? -1 : client_now_ms() + wait_ms;
    for (;;) {
        /* The packet handed out last is done with: shift the bytes after it
         * (the start of the next packets) to the front. */
        if (c->in_used) {
            memmove(c->in, c->in + c->in_used, c->in_have - c->in_used);
            c->in_have -= c->in_used;
            c->in_used = 0;
        }

        mqw_frame_info frame;
        mqw_diag diag;
        size_t need = 0;
        int rc = mqw_frame(c->in, c->in_have, &frame, c->version, &c->in_lim, &diag, &need);
        if (rc == MQW_OK)
            rc = mqw_parse(c->in, c->in_have, pkt, c->version, &c->in_lim, &diag, &need);
        if (rc == MQW_OK) {
            c->in_used = need;
            if (pkt->type == MQW_PINGRESP) {
                c->ping_sent_ms = 0;
                continue;
            }
            if (pkt->type == MQW_DISCONNECT) {
                fprintf(stderr, "server disconnected: %s\n",
                        mqw_reason_string(pkt->u.disconnect.code));
                client_print_props(stderr, &pkt->u.disconnect.props, "  ");
                return -1;
            }
            return 1;
        }
        if (rc != MQW_ERR_NEED_MORE) {
            fprintf(stderr, "bad packet from server: %s at offset %zu (rule %s)\n",
                    mqw_strerror(rc), diag.offset, diag.rule ? diag.rule : "-");
            client_protocol_error(c, mqw_reason_code(rc), NULL);
            return -1;
        }

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

long long client_keep_alive(client *c)
{
    if (!c->keep_alive)
        return -1;
    long long now = client_now_ms(), period = 1000LL * c->keep_alive;
    if (c->ping_sent_ms && now - c->ping_sent_ms >= period) {
        fprintf(stderr, "no PINGRESP within %u s: server gone\n", c->keep_alive);
        return -2;
    }
    if (now - c->last_send_ms >= period) {
        if (client_send(c, &(mqw_packet){.type = MQW_PINGREQ}))
            return -2;
        c->ping_sent_ms = c->last_send_ms;
    }
    long long next = c->last_send_ms + period - now;
    if (c->ping_sent_ms && c->ping_sent_ms + period - now < next)
        next = c->ping_sent_ms + period - now;
    return next < 0 ? 0 : next;
}

/* Take note of what the server's CONNACK (5.0) allows. */
static void read_connack_props(client *c, const mqw_props *props)
{
    mqw_property p;
    if (mqw_props_find(props, MQW_PROP_RECEIVE_MAXIMUM, &p))
        c->server_receive_max = p.v.num;
    if (mqw_props_find(props, MQW_PROP_TOPIC_ALIAS_MAXIMUM, &p))
        c->server_alias_max = p.v.num;
    if (mqw_props_find(props, MQW_PROP_MAXIMUM_QOS, &p))
        c->server_max_qos = p.v.num;
    if (mqw_props_find(props, MQW_PROP_RETAIN_AVAILABLE, &p))
        c->server_retain = p.v.num != 0;
    if (mqw_props_find(props, MQW_PROP_MAXIMUM_PACKET_SIZE, &p))
        c->out_lim.max_packet_size = p.v.num;
    if (mqw_props_find(props, MQW_PROP_SERVER_KEEP_ALIVE, &p))
        c->keep_alive = p.v.num;
}

int client_connect(client *c, const client_opts *o, const mqw_property *props, size_t n_props)
{
    memset(c, 0, sizeof *c);
    c->version = o->version;
    c->verbose = o->verbose;
    c->keep_alive = o->keep_alive;
    c->server_receive_max = 65535;
    c->server_max_qos = 2;
    c->server_retain = true;
    c->out_lim.flags = MQW_TRIM_TO_FIT;
    c->out_lim.role = MQW_ROLE_CLIENT;
    c->in_lim.max_packet_size = CLIENT_MAX_PACKET;
    c->in_lim.role = MQW_ROLE_CLIENT;
    c->in = malloc(CLIENT_MAX_PACKET);
    c->out = malloc(CLIENT_OUT_CAP);
    c->fd = -1;
    if (!c->in || !c->out) {
        fprintf(stderr, "out of memory\n");
        return -1;
    }
    c->fd = tcp_connect(o->host, o->port);
    if (c->fd < 0)
        return -1;

    /* 5.0: tell the server how large a packet we can take, so it drops
     * (rather than sends) what we would have to refuse. */
    mqw_property all[9] = {{.id = MQW_PROP_MAXIMUM_PACKET_SIZE, .v.num = CLIENT_MAX_PACKET}};
    size_t n = 1;
    for (size_t k = 0; k < n_props && n < sizeof all / sizeof all[0]; k++)
        all[n++] = props[k];
    mqw_packet pkt = {.type = MQW_CONNECT};
    mqw_connect *conn = &pkt.u.connect;
    conn->version = (uint8_t)o->version;
    conn->clean_start = true;
    conn->keep_alive = (uint16_t)o->keep_alive;
    conn->client_id = mqw_cstr(o->client_id);
    if (o->version == MQW_V5)
        conn->props = (mqw_props){.list = all, .n = n};
    if (o->will_topic) {
        conn->will = true;
        conn->will_topic = mqw_cstr(o->will_topic);
        conn->will_payload = mqw_cstr(o->will_payload);
        conn->will_qos = (uint8_t)o->will_qos;
        conn->will_retain = o->will_retain;
    }
    if (client_send(c, &pkt))
        return -1;

    int rc = client_read(c, &pkt, CONNACK_WAIT_MS);
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
        fprintf(stderr, "connection refused: %s (0x%02X)\n",
                client_connack_name(c->version, ack->code), ack->code);
        client_print_props(stderr, &ack->props, "  ");
        return -1;
    }
    read_connack_props(c, &ack->props);
    if (o->verbose) {
        fprintf(stderr, "connected to %s:%s with MQTT %s\n", o->host, o->port,
                c->version == MQW_V5     ? "5.0"
                : c->version == MQW_V311 ? "3.1.1"
                                         : "3.1");
        client_print_props(stderr, &ack->props, "  CONNACK ");
    }
    return 0;
}

static void close_connection(client *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    free(c->in);
    free(c->out);
    c->in = c->out = NULL;
}

void client_disconnect(client *c)
{
    if (c->fd >= 0 && client_send(c, &(mqw_packet){.type = MQW_DISCONNECT}) == 0) {
        /* Wait for the server to close first: closing with unread bytes
         * pending makes the kernel send a reset, which could overtake the
         * DISCONNECT and make the server publish the Will. */
        shutdown(c->fd, SHUT_WR);
        long long deadline = client_now_ms() + CLOSE_WAIT_MS;
        static uint8_t sink[4096];
        while (wait_readable(c->fd, deadline) > 0 && read(c->fd, sink, sizeof sink) > 0)
            ;
    }
    close_connection(c);
}

void client_abort(client *c)
{
    close_connection(c);
}

void client_protocol_error(client *c, uint8_t code, const char *why)
{
    if (why)
        fprintf(stderr, "%s: disconnecting with %s\n", why, mqw_reason_string(code));
    if (c->version == MQW_V5 && c->fd >= 0) {
        mqw_packet pkt = {.type = MQW_DISCONNECT};
        pkt.u.disconnect.code = code;
        client_send(c, &pkt);
    }
    close_connection(c);
}
