/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * One connection: bytes in, cut into packets and parsed by mqw_parse, each
 * handed to the part of the broker it concerns; packets out, built with
 * mqw_build into a buffer that poll(2) drains; the end of the connection,
 * with the 5.0 DISCONNECT whose reason code mqw_reason_code gives for what
 * the client did wrong (3.x has no such packet: the connection is closed).
 * A closed connection is marked dead and freed after the poll pass, so
 * that nothing that still points to it in that pass dangles.
 */
#include "broker.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { READ_CHUNK = 16384 };

void conn_accept(broker *b, int listen_fd)
{
    for (int batch = 0; batch < 64; batch++) {
        struct sockaddr_storage sa;
        socklen_t sa_len = sizeof sa;
        int fd = accept(listen_fd, (struct sockaddr *)&sa, &sa_len);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                broker_log(b, "accept: %s; not accepting for 100 ms", strerror(errno));
                b->accept_after = b->now + 100u;
            }
            return;
        }
        conn *c = calloc(1, sizeof *c);
        if (!c || fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
            free(c);
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char host[48] = "?", port[8] = "?";
        getnameinfo((struct sockaddr *)&sa, sa_len, host, sizeof host, port, sizeof port,
                    NI_NUMERICHOST | NI_NUMERICSERV);
        snprintf(c->peer, sizeof c->peer, "%s:%s", host, port);
        c->fd = fd;
        c->b = b;
        c->opened = b->now;
        c->next = b->conns;
        b->conns = c;
    }
}

/* Room for `need` bytes at *buf, doubling: a large packet costs memory as
 * its bytes arrive, not as its header announces them. */
static bool grow(uint8_t **buf, size_t *cap, size_t need)
{
    size_t size = *cap ? *cap : READ_CHUNK;
    while (size < need)
        size *= 2;
    uint8_t *more = size == *cap ? *buf : realloc(*buf, size);
    if (!more)
        return false;
    *buf = more;
    *cap = size;
    return true;
}

/* After a large packet, the memory of an empty buffer goes back. */
static void release(uint8_t **buf, size_t *cap)
{
    if (*cap > 4 * READ_CHUNK) {
        free(*buf);
        *buf = NULL;
        *cap = 0;
    }
}

bool conn_send(conn *c, const mqw_packet *p)
{
    /* The client's Maximum Packet Size; a Reason String or User
     * Properties of ours go first if they make a packet too large. */
    mqw_limits lim = {c->max_out, MQW_TRIM_TO_FIT, MQW_ROLE_SERVER};
    size_t len = 0;
    int rc = c->dead ? MQW_ERR_STATE : mqw_size(p, c->version, &lim, &len);
    if (rc == MQW_OK && !grow(&c->out, &c->out_cap, c->out_len + len))
        rc = MQW_ERR_NOSPACE;
    if (rc == MQW_OK)
        rc = mqw_build(c->out + c->out_len, c->out_cap - c->out_len, p, c->version, &lim, NULL,
                       &len);
    if (rc != MQW_OK) {
        if (!c->dead)
            broker_log(c->b, "%s: %s not sent: %s", c->peer, mqw_packet_name(p->type),
                       mqw_strerror(rc));
        return false;
    }
    c->out_len += len;
    return true;
}

void conn_flush(conn *c)
{
    size_t off = 0;
    while (off < c->out_len) {
        ssize_t n = send(c->fd, c->out + off, c->out_len - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
        } else if (errno != EINTR) {
            c->out_len = 0;
            conn_close(c, 0, false, "write failed");
            return;
        }
    }
    if (off) {
        memmove(c->out, c->out + off, c->out_len - off);
        c->out_len -= off;
    }
    if (c->out_len == 0)
        release(&c->out, &c->out_cap);
}

void conn_close(conn *c, uint8_t reason, bool graceful, const char *why)
{
    if (c->dead)
        return;
    if (reason && c->version == MQW_V5 && c->sess) {
        mqw_property text = {.id = MQW_PROP_REASON_STRING, .v.bytes = mqw_cstr(why)};
        mqw_packet p = {.type = MQW_DISCONNECT,
                        .u.disconnect = {.code = reason, .props = {.list = &text, .n = 1}}};
        conn_send(c, &p);
    }
    c->dead = true;
    conn_flush(c);
    close(c->fd);
    if (c->b->verbose)
        broker_log(c->b, "%s: closed: %s", c->peer, why);
    if (c->sess) {
        if (graceful) {
            msg_unref(c->will);
            c->will = NULL;
        }
        will_release(c);
        session_detach(c->sess);
        c->sess = NULL;
    }
}

void conn_fail(conn *c, int err, const mqw_diag *diag, int from, const char *what)
{
    /* The library's diagnosis, in words: logged and sent as the Reason
     * String of the 5.0 DISCONNECT. */
    char why[200];
    int n = snprintf(why, sizeof why, "%s: ", what);
    mqw_diag_format(why + n, sizeof why - (size_t)n, err, diag, from, NULL);
    broker_log(c->b, "%s: %s", c->peer, why);
    uint8_t code = mqw_reason_code(err);
    conn_close(c, code ? code : 0x83 /* Implementation specific error */, false, why);
}

static void on_disconnect(conn *c, const mqw_disconnect *d)
{
    mqw_property expiry;
    if (c->version == MQW_V5 &&
        mqw_props_find(&d->props, MQW_PROP_SESSION_EXPIRY_INTERVAL, &expiry)) {
        if (c->sess->expiry == 0 && expiry.v.num != 0) { /* 5.0 §3.14.2.2.2 */
            conn_fail(c, MQW_ERR_PROTOCOL, NULL, MQW_DIAG_SESSION,
                      "DISCONNECT sets a Session Expiry after 0");
            return;
        }
        c->sess->expiry = expiry.v.num;
    }
    /* Code 0 drops the Will ([MQTT-3.14.4-3]); 0x04 and the others keep it. */
    conn_close(c, 0, d->code == 0, d->code ? "DISCONNECT with a reason code" : "DISCONNECT");
}

static void conn_packet(conn *c, const mqw_packet *p)
{
    mqw_keepalive_received(&c->ka, p->type, broker_ms(c->b));
    const mqw_packet pong = {.type = MQW_PINGRESP};
    switch (p->type) {
    case MQW_PUBLISH:
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        session_packet(c, p);
        break;
    case MQW_SUBSCRIBE:
        subs_subscribe(c, &p->u.subscribe);
        break;
    case MQW_UNSUBSCRIBE:
        subs_unsubscribe(c, &p->u.unsubscribe);
        break;
    case MQW_PINGREQ:
        conn_send(c, &pong);
        break;
    case MQW_DISCONNECT:
        on_disconnect(c, &p->u.disconnect);
        break;
    default: /* a second CONNECT [MQTT-3.1.0-2], AUTH without a method */
        conn_fail(c, MQW_ERR_PROTOCOL, NULL, MQW_DIAG_SESSION, mqw_packet_name(p->type));
        break;
    }
}

void conn_read(conn *c)
{
    broker *b = c->b;
    if (!grow(&c->in, &c->in_cap, c->in_len + READ_CHUNK)) {
        conn_close(c, 0x97, false, "out of memory");
        return;
    }
    ssize_t n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (n <= 0) {
        conn_close(c, 0, false, n == 0 ? "closed by the client" : strerror(errno));
        return;
    }
    c->in_len += (size_t)n;
    if (c->in_len < c->in_need)
        return; /* the packet the parser waits for is not complete yet */

    /* Ours is the Maximum Packet Size, announced to 5.0 clients; the role
     * refuses what only a server sends (FH-20). */
    mqw_limits lim = {b->max_packet, 0, MQW_ROLE_SERVER};
    size_t off = 0;
    c->in_need = 0;
    while (!c->dead && off < c->in_len) {
        mqw_packet p;
        mqw_diag diag;
        size_t used = 0;
        if (c->sess)
            p.type = 0;
        else /* refuse() reads the level of a CONNECT that fails (connect.c) */
            memset(&p, 0, sizeof p);
        /* A bad Topic Filter is answered per filter in the SUBACK or
         * UNSUBACK (0x80 / 0x8F, subs.c), so those two packets are parsed
         * with MQW_LENIENT_FILTERS; only them, since any flag takes the
         * other packets off the parsers' fast paths. */
        unsigned type = c->in[off] >> 4;
        lim.flags = type == MQW_SUBSCRIBE || type == MQW_UNSUBSCRIBE ? MQW_LENIENT_FILTERS : 0;
        int rc = mqw_parse(c->in + off, c->in_len - off, &p, c->version ? c->version : MQW_V311,
                           &lim, &diag, &used);
        if (rc == MQW_ERR_NEED_MORE && (c->sess || p.type == MQW_CONNECT)) {
            c->in_need = used;
            break;
        }
        if (!c->sess)
            connect_handle(c, &p, rc, &diag);
        else if (rc != MQW_OK)
            conn_fail(c, rc, &diag, MQW_DIAG_PARSE, p.type ? mqw_packet_name(p.type) : "packet");
        else
            conn_packet(c, &p);
        if (rc != MQW_OK)
            break;
        off += used;
    }
    if (c->dead)
        return;
    memmove(c->in, c->in + off, c->in_len - off);
    c->in_len -= off;
    if (c->in_len == 0)
        release(&c->in, &c->in_cap);
}

uint32_t conn_timers(broker *b)
{
    uint32_t wait = 1000;
    for (conn *c = b->conns; c; c = c->next) {
        if (c->dead)
            continue;
        if (!c->sess && b->connect_timeout) {
            uint64_t ends = c->opened + b->connect_timeout;
            if (b->now >= ends)
                conn_close(c, 0, true, "no CONNECT in time");
            else if (ends - b->now < wait)
                wait = (uint32_t)(ends - b->now);
            continue;
        }
        if (!c->sess)
            continue;
        mqw_diag diag;
        uint32_t due = UINT32_MAX;
        int rc = mqw_keepalive_check(&c->ka, broker_ms(b), NULL, &due, &diag);
        if (rc != MQW_OK)
            conn_fail(c, rc, &diag, MQW_DIAG_SESSION, "Keep Alive"); /* DL-13, 5.0 0x8D */
        else if (due < wait)
            wait = due;
    }
    return wait;
}

void conn_free(conn *c)
{
    msg_unref(c->will);
    free(c->in);
    free(c->out);
    free(c);
}
