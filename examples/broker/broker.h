/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire-broker: an MQTT 3.1 / 3.1.1 / 5.0 broker in one thread, over
 * POSIX sockets and poll(2). mqttwire reads and writes every byte and keeps
 * the delivery rules (mqw_session, mqw_alias, mqw_keepalive); this program
 * keeps what a broker adds: who is connected, sessions, subscriptions,
 * retained messages, wills, and the queues between them.
 *
 *   main.c     options, the listening socket, the poll loop, the clock
 *   conn.c     one connection: read, parse, dispatch, write, close
 *   connect.c  CONNECT: refusals, sessions taken over or resumed, CONNACK
 *   session.c  a client's session: queue, QoS flows, what a packet asks
 *   subs.c     SUBSCRIBE, UNSUBSCRIBE, matching and routing a message
 *   retain.c   retained messages
 *   will.c     Will messages and their delay
 *   message.c  message copies and the 5.0 properties they pass on
 */
#ifndef BROKER_H
#define BROKER_H

#define _POSIX_C_SOURCE 200809L /* sockets, poll, clock_gettime, getopt */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mqttwire.h"

enum {
    BROKER_FLIGHTS = 64,       /* outgoing QoS 1/2 flows a session hands mqw_session */
    BROKER_RECEIVE_MAX = 64,   /* incoming QoS 2 held: our Receive Maximum */
    BROKER_ALIASES = 10,       /* Topic Alias Maximum, each way */
    BROKER_ALIAS_TOPIC = 256,  /* the longest topic an alias slot holds */
    BROKER_MAX_QUEUED = 100000 /* messages that wait per session beyond its flows */
};
/* Output bytes past which a client is not read (and gets no QoS 0). */
#define BROKER_OUT_LIMIT (1u << 20)

/* An application message as received, shared by every delivery of it. */
typedef struct msg {
    unsigned refs;
    uint8_t qos;
    bool retain;
    uint64_t origin;   /* serial of the publisher's session (No Local) */
    uint64_t expires;  /* ms on the broker's clock; 0 = never */
    mqw_bytes topic;   /* views into data */
    mqw_bytes payload; /* */
    mqw_bytes props;   /* 5.0 properties as received, a validated block */
    uint8_t data[];
} msg;

/* One message on its way to one session: the cookie of its mqw_session
 * flow, or an entry of the session's queue until it gets one. */
typedef struct delivery {
    struct delivery *next;
    msg *m;
    uint8_t qos;
    bool retain;  /* the RETAIN flag to send */
    size_t n_ids; /* Subscription Identifiers to send */
    uint32_t ids[];
} delivery;

typedef struct sub {
    struct sub *next;
    mqw_bytes filter; /* as subscribed, "$share/..." included */
    mqw_bytes share;  /* 5.0 ShareName, empty when not shared */
    mqw_bytes match;  /* the filter topics are matched against */
    uint8_t qos;
    bool no_local;
    bool retain_as_published;
    uint32_t id; /* Subscription Identifier, 0 = none */
    uint8_t data[];
} sub;

struct conn;
struct broker;

typedef struct session {
    struct session *next;
    struct broker *b;
    uint64_t serial;
    mqw_bytes client_id; /* view into the session's own copy */
    struct conn *conn;   /* NULL while the client is away */
    mqw_session s;
    mqw_flight flights[BROKER_FLIGHTS];
    mqw_held held[BROKER_RECEIVE_MAX];
    unsigned flows;  /* QoS 1/2 deliveries given to s */
    unsigned window; /* flows this connection takes: min(flights, Receive Maximum) */
    delivery *queue, *queue_tail;
    size_t queued;
    sub *subs;
    uint32_t expiry;  /* Session Expiry Interval, s; UINT32_MAX = never */
    uint64_t gone_at; /* when the client went away */
    msg *will;        /* a Will waiting for its delay */
    uint64_t will_at;
    uint8_t data[]; /* the client identifier */
} session;

typedef struct conn {
    struct conn *next;
    struct broker *b;
    int fd;
    bool dead; /* closed; freed after the poll pass */
    char peer[64];
    uint8_t version; /* of the CONNECT, 0 before */
    uint8_t *in;
    size_t in_len, in_cap, in_need;
    uint8_t *out;
    size_t out_len, out_cap;
    uint64_t opened;
    session *sess; /* set once CONNACK accepted the client */
    msg *will;
    uint32_t will_delay; /* s */
    uint32_t max_out;    /* the client's Maximum Packet Size, 0 = none */
    uint16_t alias_max;  /* the client's Topic Alias Maximum */
    mqw_keepalive ka;
    mqw_alias alias_in, alias_out;
    mqw_alias_slot in_slots[BROKER_ALIASES], out_slots[BROKER_ALIASES];
    uint8_t in_pool[BROKER_ALIASES * BROKER_ALIAS_TOPIC];
    uint8_t out_pool[BROKER_ALIASES * BROKER_ALIAS_TOPIC];
} conn;

typedef struct broker {
    bool verbose;
    uint32_t max_packet;      /* ours, announced to 5.0 clients */
    uint16_t max_keep_alive;  /* Server Keep Alive above this, 0 = none */
    uint32_t connect_timeout; /* ms a client has to send its CONNECT */
    conn *conns;
    session *sessions;
    struct kept *retained;
    uint64_t serial;       /* sessions, assigned identifiers */
    uint64_t shared_turn;  /* picks the member of a shared subscription */
    uint64_t now;          /* ms, monotonic, read once per poll pass */
    uint64_t accept_after; /* accepting paused until then (out of fds) */
} broker;

/* The module's clock: milliseconds modulo 2^32. */
static inline uint32_t broker_ms(const broker *b)
{
    return (uint32_t)b->now;
}

void broker_log(const broker *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* conn.c */
void conn_accept(broker *b, int listen_fd);
void conn_read(conn *c);
void conn_flush(conn *c);
bool conn_send(conn *c, const mqw_packet *p);
void conn_close(conn *c, uint8_t reason, bool graceful, const char *why);
void conn_fail(conn *c, int err, const mqw_diag *diag, int from, const char *what);
uint32_t conn_timers(broker *b);
void conn_free(conn *c);

/* connect.c */
void connect_handle(conn *c, const mqw_packet *p, int rc, const mqw_diag *diag);

/* session.c */
session *session_find(broker *b, mqw_bytes client_id);
session *session_new(broker *b, mqw_bytes client_id);
void session_end(session *s);
void session_attach(session *s, conn *c, const mqw_link *link);
void session_detach(session *s);
void session_packet(conn *c, const mqw_packet *p);
void session_deliver(session *s, delivery *d);
uint32_t session_timers(broker *b);

/* subs.c */
void subs_subscribe(conn *c, const mqw_subscribe *p);
void subs_unsubscribe(conn *c, const mqw_unsubscribe *p);
void subs_publish(broker *b, msg *m);
void subs_free(sub *list);

/* retain.c */
void retain_store(broker *b, msg *m);
void retain_send(broker *b, session *s, const sub *u);
void retain_free(broker *b);

/* will.c */
void will_take(conn *c, const mqw_connect *in);
void will_release(conn *c);
void will_cancel(session *s);
void will_publish(broker *b, msg *m);

/* message.c */
msg *msg_new(const mqw_publish *p, mqw_bytes topic, uint64_t origin, uint64_t now);
msg *msg_ref(msg *m);
void msg_unref(msg *m);
bool msg_expired(const msg *m, uint64_t now);
delivery *delivery_new(msg *m, uint8_t qos, bool retain, size_t n_ids);
void delivery_free(delivery *d);
mqw_property *msg_publish(mqw_publish *out, const delivery *d, int version, uint64_t now,
                          uint16_t alias, mqw_bytes name);

#endif /* BROKER_H */
