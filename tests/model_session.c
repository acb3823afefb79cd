/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Model-based test of lib/session.c: a client and a server session joined
 * by one FIFO per direction, driven by random events (publish either way,
 * subscribe, a packet arriving, time passing, the connection lost with
 * whatever was on the wire, a reconnect with or without the session), and
 * checked against a small model of what MQTT promises, kept here and not
 * derived from the library:
 *
 *  - no Packet Identifier is in use twice by one sender [MQTT-2.3.1-2];
 *  - a QoS 2 message is delivered at most once, and exactly once when its
 *    flow ended acknowledged; a QoS 1 message at least once then; a QoS 0
 *    message at most once;
 *  - on each connection the PUBLISHes a sender sends for the first time
 *    there follow the order the messages were published ([MQTT-4.6.0-1]),
 *    every PUBLISH gets its PUBACK / PUBREC in the same turn, so in the
 *    order the PUBLISHes came ([MQTT-4.6.0-2], [MQTT-4.6.0-4]), and the
 *    PUBRELs a sender sends for the first time there follow the order the
 *    PUBRECs came in ([MQTT-4.6.0-3]);
 *  - nothing is sent past the window: a PUBLISH goes out only while fewer
 *    than the peer's Receive Maximum flows are in flight ([MQTT-4.9.0-1]),
 *    and the receiver, which checks it too (DL-8), never objects;
 *  - no event between two correct sessions is a violation.
 * Then the run settles: the connection comes back with the session and
 * every flow must end. Fixed seeds; the suite asserts how many steps ran.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqttwire.h"

#define NF 8        /* flight slots at most */
#define NH 8        /* held slots */
#define MAXMSG 8000 /* messages per side and run */
#define PIPE 512
#define SUB_COOKIE 100000u

/* Check's ck_assert records where it passed (a write per assertion); the
 * model checks millions of times, so it only calls Check on a failure. */
#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_abort_msg(__VA_ARGS__);                                                             \
    } while (0)
#define EXPECT_EQ(a, b)                                                                            \
    EXPECT((a) == (b), "%s == %s: %lu, %lu", #a, #b, (unsigned long)(a), (unsigned long)(b))

static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

typedef struct wire_pkt {
    uint8_t type, qos, code;
    bool dup;
    uint16_t id;
    uint32_t msg; /* PUBLISH: message number; SUBSCRIBE: entries */
} wire_pkt;

typedef struct pipe_q {
    wire_pkt q[PIPE];
    size_t head, n;
} pipe_q;

enum { PENDING = 0, ACKED, REFUSED, LOST };

typedef struct msg {
    uint8_t qos, status;
    uint16_t id;
    bool rel;          /* its PUBREL went out (a PUBREC came) */
    unsigned rec_rank; /* when its first PUBREC came, 1.. */
    unsigned delivered;
    bool on_conn, rel_on_conn, counted; /* this connection */
} msg;

typedef struct side {
    const char *name;
    mqw_session s;
    mqw_flight fl[NF];
    mqw_held held[NH];
    uint32_t stored[NH]; /* MQW_QOS2_ON_PUBREL copies: message number + 1 */
    msg m[MAXMSG + 1];   /* what it published, by cookie */
    uint32_t n_msgs;
    uint32_t id_owner[65536]; /* cookie holding each identifier, 0 = free */
    uint32_t last_first, last_rank, counted, window;
    unsigned ranks;
    pipe_q *out;
    struct side *peer;
} side;

static side A, B;
static pipe_q up, down;
static uint32_t now;
static bool connected;
static uint8_t version;
static unsigned long run_steps, deliveries, reconnects_kept, reconnects_fresh, resends;

static void put(pipe_q *p, const wire_pkt *w)
{
    EXPECT(p->n < PIPE, "pipe full");
    p->q[(p->head + p->n++) % PIPE] = *w;
}

static void conn_reset(side *x)
{
    x->last_first = 0;
    x->last_rank = 0;
    x->counted = 0;
    for (uint32_t c = 1; c <= x->n_msgs; c++) {
        x->m[c].on_conn = x->m[c].rel_on_conn = false;
        x->m[c].counted = false;
    }
}

/* An action of side x, as the caller would carry it out. */
static void act(side *x, const mqw_action *a, uint32_t incoming_msg)
{
    if (a->send) {
        EXPECT(connected, "%s sends while offline", x->name);
        wire_pkt w = {a->send, a->qos, a->code, a->dup, a->packet_id, 0};
        if (a->send == MQW_PUBLISH) {
            uint32_t c = (uint32_t)a->cookie;
            EXPECT(c >= 1 && c <= x->n_msgs, "c >= 1 && c <= x->n_msgs");
            msg *m = &x->m[c];
            EXPECT_EQ(a->qos, m->qos);
            EXPECT_EQ(m->status, PENDING);
            w.msg = c;
            if (m->qos) {
                EXPECT_EQ(a->packet_id, m->id);
                if (!m->on_conn) {
                    /* [MQTT-4.6.0-1] */
                    EXPECT(c > x->last_first, "%s: message %u sent after %u", x->name, c,
                           x->last_first);
                    x->last_first = c;
                    m->on_conn = true;
                }
                if (!m->counted) {
                    m->counted = true;
                    x->counted++;
                    EXPECT(x->counted <= x->window, "%s: %u in flight, window %u", x->name,
                           x->counted, x->window);
                }
                resends += a->dup;
            } else {
                EXPECT_EQ(a->packet_id, 0);
                m->status = ACKED; /* nothing more to come */
            }
        } else if (a->send == MQW_PUBREL) {
            uint32_t c = x->id_owner[a->packet_id];
            EXPECT(c != 0 && c < SUB_COOKIE, "%s: PUBREL %u of no flow", x->name, a->packet_id);
            msg *m = &x->m[c];
            EXPECT(m->rel && m->rec_rank, "m->rel && m->rec_rank");
            if (!m->rel_on_conn) {
                /* [MQTT-4.6.0-3] */
                EXPECT(m->rec_rank > x->last_rank, "%s: PUBREL of PUBREC %u after %u", x->name,
                       m->rec_rank, x->last_rank);
                x->last_rank = m->rec_rank;
                m->rel_on_conn = true;
            }
        } else if (a->send == MQW_SUBSCRIBE) {
            w.msg = 1 + (uint32_t)(a->cookie % 3);
        }
        put(x->out, &w);
    }
    if (a->deliver == MQW_DELIVER_NOW || a->deliver == MQW_DELIVER_STORED) {
        uint32_t c = incoming_msg;
        if (a->deliver == MQW_DELIVER_STORED) {
            EXPECT(a->slot < NH && x->stored[a->slot], "a->slot < NH && x->stored[a->slot]");
            c = x->stored[a->slot] - 1;
            x->stored[a->slot] = 0;
        }
        msg *m = &x->peer->m[c];
        m->delivered++;
        deliveries++;
        if (m->qos != 1)
            EXPECT(m->delivered == 1, "%s: QoS %u message %u delivered %u times", x->name, m->qos,
                   c, m->delivered);
    } else if (a->deliver == MQW_DELIVER_STORE) {
        EXPECT(a->slot < NH && !x->stored[a->slot], "a->slot < NH && !x->stored[a->slot]");
        x->stored[a->slot] = incoming_msg + 1;
    }
    if (a->done) {
        uint32_t c = (uint32_t)a->cookie;
        EXPECT(x->id_owner[a->packet_id] == c, "%s: done %u for id %u held by %u", x->name, c,
               a->packet_id, x->id_owner[a->packet_id]);
        x->id_owner[a->packet_id] = 0;
        if (a->request == MQW_PUBLISH) {
            msg *m = &x->m[c];
            EXPECT_EQ(m->status, PENDING);
            m->status = a->done == MQW_DONE_LOST ? LOST : ACKED;
            if (m->counted) {
                m->counted = false;
                x->counted--;
            }
        } else {
            EXPECT(c >= SUB_COOKIE, "c >= SUB_COOKIE");
        }
    }
}

static void drain(side *x)
{
    mqw_action a;
    while (mqw_session_next(&x->s, now, &a))
        act(x, &a, 0);
}

static void drain_both(void)
{
    drain(&A);
    drain(&B);
}

static void publish(side *x)
{
    if (x->n_msgs >= MAXMSG)
        return;
    uint8_t qos = (uint8_t)rnd(3);
    if (!connected && qos == 0)
        return;
    uint32_t c = x->n_msgs + 1;
    mqw_action a;
    int rc = mqw_session_publish(&x->s, qos, c, now, &a);
    if (rc == MQW_ERR_FULL)
        return;
    EXPECT_EQ(rc, MQW_OK);
    x->n_msgs = c;
    msg *m = &x->m[c];
    memset(m, 0, sizeof *m);
    m->qos = qos;
    if (qos) {
        /* [MQTT-2.3.1-2]: never an identifier in use. */
        EXPECT(a.packet_id && x->id_owner[a.packet_id] == 0, "%s: id %u in use by %u", x->name,
               a.packet_id, x->id_owner[a.packet_id]);
        x->id_owner[a.packet_id] = c;
        m->id = a.packet_id;
    }
    act(x, &a, 0);
}

static void subscribe(void)
{
    static uint32_t n_subs;
    if (!connected)
        return;
    mqw_action a;
    uint32_t cookie = SUB_COOKIE + n_subs;
    int rc = mqw_session_subscribe(&A.s, 1 + cookie % 3, cookie, &a);
    if (rc == MQW_ERR_FULL)
        return;
    EXPECT_EQ(rc, MQW_OK);
    n_subs++;
    EXPECT(A.id_owner[a.packet_id] == 0, "SUBSCRIBE id %u in use", a.packet_id);
    A.id_owner[a.packet_id] = cookie;
    act(&A, &a, 0);
}

/* The next packet on x's incoming pipe reaches x. */
static void arrive(side *x, pipe_q *p)
{
    wire_pkt w = p->q[p->head];
    p->head = (p->head + 1) % PIPE;
    p->n--;
    if (w.type == MQW_SUBSCRIBE) {
        /* The server's application answers it: one code per entry. */
        wire_pkt ack = {MQW_SUBACK, 0, 0, false, w.id, w.msg};
        put(x->out, &ack);
        return;
    }
    mqw_packet pkt;
    memset(&pkt, 0, sizeof pkt);
    pkt.type = w.type;
    static const uint8_t codes[3];
    if (w.type == MQW_PUBLISH) {
        pkt.u.publish.qos = w.qos;
        pkt.u.publish.dup = w.dup;
        pkt.u.publish.packet_id = w.id;
        pkt.u.publish.topic = mqw_cstr("t");
    } else if (w.type == MQW_SUBACK) {
        pkt.u.suback.packet_id = w.id;
        pkt.u.suback.codes.ptr = codes;
        pkt.u.suback.codes.len = w.msg;
    } else {
        pkt.u.ack.type = w.type;
        pkt.u.ack.packet_id = w.id;
        pkt.u.ack.code = w.code;
    }
    mqw_action a;
    mqw_diag diag;
    int rc = mqw_session_receive(&x->s, &pkt, now, &a, &diag);
    EXPECT(rc == MQW_OK, "%s: %s %u: %s (%s)", x->name, mqw_packet_name(w.type), w.id,
           mqw_strerror(rc), diag.rule ? diag.rule : "-");
    if (w.type == MQW_PUBLISH && w.qos) {
        /* [MQTT-4.6.0-2] [MQTT-4.6.0-4]: answered in the same turn. */
        EXPECT_EQ(a.send, w.qos == 1 ? MQW_PUBACK : MQW_PUBREC);
        EXPECT_EQ(a.packet_id, w.id);
    }
    if (w.type == MQW_PUBREC) {
        uint32_t c = x->id_owner[w.id];
        if (c && c < SUB_COOKIE && !x->m[c].rec_rank) {
            x->m[c].rec_rank = ++x->ranks;
            x->m[c].rel = true;
        }
    }
    act(x, &a, w.msg);
}

static void lose_connection(void)
{
    connected = false;
    up.n = down.n = 0;
    mqw_session_disconnected(&A.s);
    mqw_session_disconnected(&B.s);
    conn_reset(&A);
    conn_reset(&B);
}

static void reconnect(bool kept)
{
    /* Each side's link carries the peer's Receive Maximum (5.0), which
     * with its own slots makes its window. */
    uint16_t rma = version == MQW_V5 ? (uint16_t)A.window : 0xFFFF;
    uint16_t rmb = version == MQW_V5 ? (uint16_t)B.window : 0xFFFF;
    mqw_link la = {version, kept, 0, rma, 0};
    mqw_link lb = {version, kept, 0, rmb, 0};
    EXPECT_EQ(mqw_session_connected(&A.s, &la, now), MQW_OK);
    EXPECT_EQ(mqw_session_connected(&B.s, &lb, now), MQW_OK);
    connected = true;
    if (!kept) {
        memset(A.stored, 0, sizeof A.stored);
        memset(B.stored, 0, sizeof B.stored);
        reconnects_fresh++;
    } else {
        reconnects_kept++;
    }
    /* PUBREL flows are in flight from the start. */
    for (side *x = &A; x; x = x == &A ? &B : NULL)
        for (uint32_t c = 1; c <= x->n_msgs; c++)
            if (kept && x->m[c].status == PENDING && x->m[c].rel) {
                x->m[c].counted = true;
                x->counted++;
            }
}

static void tick(void)
{
    now += rnd(20000);
    for (side *x = &A; x; x = x == &A ? &B : NULL) {
        int rc = mqw_session_tick(&x->s, now, NULL, NULL);
        if (rc == MQW_ERR_RESEND_LIMIT) {
            lose_connection();
            return;
        }
        EXPECT_EQ(rc, MQW_OK);
    }
    drain_both();
}

static void side_init(side *x, const char *name, uint8_t role, uint16_t flights, uint16_t rm,
                      uint8_t qos2, uint8_t resend_limit)
{
    static const uint32_t delays[] = {1000, 3000, 8000};
    memset(x, 0, sizeof *x);
    x->name = name;
    /* Our Receive Maximum is what the peer's window is. */
    mqw_session_config cfg = {role, qos2, x->fl, flights, x->held, NH, rm, delays, 3, resend_limit};
    EXPECT_EQ(mqw_session_init(&x->s, &cfg), MQW_OK);
}

static void run(uint64_t seed, unsigned steps)
{
    rng = seed * 0x9E3779B97F4A7C15u + 1;
    static const uint8_t versions[3] = {MQW_V31, MQW_V311, MQW_V5};
    version = versions[rnd(3)];
    uint16_t fa = (uint16_t)(1 + rnd(NF)), fb = (uint16_t)(1 + rnd(NF));
    /* 5.0: each side's Receive Maximum, at most the slots it holds. */
    uint16_t rma = (uint16_t)(1 + rnd(NH)), rmb = (uint16_t)(1 + rnd(NH));
    uint8_t resend = version == MQW_V5 || rnd(2) ? 0 : 2;
    side_init(&A, "client", MQW_ROLE_CLIENT, fa, rma, (uint8_t)rnd(2), resend);
    side_init(&B, "server", MQW_ROLE_SERVER, fb, rmb, (uint8_t)rnd(2), resend);
    A.out = &up;
    B.out = &down;
    A.peer = &B;
    B.peer = &A;
    /* A sender's window: the peer's Receive Maximum (5.0), else its slots. */
    A.window = version == MQW_V5 && rmb < fa ? rmb : fa;
    B.window = version == MQW_V5 && rma < fb ? rma : fb;
    up.n = down.n = up.head = down.head = 0;
    now = rnd(0xFFFFFFFFu); /* anywhere on the clock: it wraps */
    connected = false;
    reconnect(true);
    for (unsigned i = 0; i < steps; i++) {
        uint32_t r = rnd(100);
        if (!connected) {
            if (r < 40)
                reconnect(rnd(5) != 0);
            else if (r < 80)
                publish(rnd(2) ? &A : &B);
            else
                tick();
        } else if (r < 18) {
            publish(&A);
        } else if (r < 30) {
            publish(&B);
        } else if (r < 33) {
            subscribe();
        } else if (r < 88) {
            /* TCP keeps each direction in order; only the two interleave. */
            bool a_first = rnd(2);
            if (a_first && down.n)
                arrive(&A, &down);
            else if (up.n)
                arrive(&B, &up);
            else if (down.n)
                arrive(&A, &down);
        } else if (r < 96) {
            tick();
        } else {
            lose_connection();
        }
        /* A caller may run another event (a publish, a packet) before it
         * drains what the last one released; nothing may overtake that. */
        if (rnd(4))
            drain_both();
        run_steps++;
    }
    /* Settle: back with the session, nothing lost any more. */
    if (!connected)
        reconnect(true);
    drain_both();
    for (unsigned guard = 0; up.n || down.n; guard++) {
        EXPECT(guard < 100000, "guard < 100000");
        if (down.n)
            arrive(&A, &down);
        if (up.n)
            arrive(&B, &up);
        drain_both();
    }
    for (side *x = &A; x; x = x == &A ? &B : NULL) {
        for (uint32_t c = 1; c <= x->n_msgs; c++) {
            const msg *m = &x->m[c];
            EXPECT(m->status != PENDING, "%s: message %u (QoS %u) never ended", x->name, c, m->qos);
            if (m->status == ACKED && m->qos == 2)
                EXPECT(m->delivered == 1, "%s: QoS 2 message %u delivered %u times", x->name, c,
                       m->delivered);
            if (m->status == ACKED && m->qos == 1)
                EXPECT(m->delivered >= 1, "%s: QoS 1 message %u never delivered", x->name, c);
            if (m->qos != 1)
                EXPECT(m->delivered <= 1, "m->delivered <= 1");
        }
        for (uint32_t id = 1; id < 65536; id++)
            EXPECT(x->id_owner[id] == 0, "%s: id %u still held by %u", x->name, id,
                   x->id_owner[id]);
    }
}

#define SEEDS 64
#define STEPS 20000

START_TEST(model_seed)
{
    run((uint64_t)_i + 1, STEPS);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session-model");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, model_seed, 0, SEEDS);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("model steps %lu (of %u), deliveries %lu, resends with DUP %lu, reconnects %lu kept "
           "and %lu fresh\n",
           run_steps, SEEDS * STEPS, deliveries, resends, reconnects_kept, reconnects_fresh);
    /* A run that stopped early tested less than it says. */
    if (!failed && run_steps != (unsigned long)SEEDS * STEPS)
        failed = 1;
    return failed ? 1 : 0;
}
