/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * A model of the delivery rules, for tests/model_session.c (random events
 * from fixed seeds) and fuzz/fuzz_session.c (events from the input): a
 * client and a server session joined by one FIFO per direction, every
 * packet either sends carried out as the caller would, and checked against
 * what MQTT promises (session_model.h lists it), kept here and not derived
 * from the library.
 */
#include "session_model.h"

#include <string.h>

/* -DMODEL_TRACE prints every event and packet (to study a failure). */
#ifdef MODEL_TRACE
#include <stdio.h>
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#else
#define TRACE(...) ((void)0)
#endif

#define NF 8        /* flight slots at most */
#define NH 8        /* held slots */
#define MAXMSG 8000 /* messages per side and run */
#define PIPE 512
#define SUB_COOKIE 100000u

/* The driver's model_fail reports a broken promise and does not return;
 * the model checks millions of times, so only a failure calls it. */
#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond))                                                                               \
            model_fail(__VA_ARGS__);                                                               \
    } while (0)
#define EXPECT_EQ(a, b)                                                                            \
    EXPECT((a) == (b), "%s == %s: %lu, %lu", #a, #b, (unsigned long)(a), (unsigned long)(b))

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
    bool doomed;                        /* pending when a session was not kept: must end LOST */
    bool held;                          /* QoS 2: the receiver holds its identifier */
    bool on_conn, rel_on_conn, counted; /* this connection */
} msg;

typedef struct side {
    const char *name;
    mqw_session s;
    mqw_flight fl[NF];
    mqw_held held[NH];
    uint32_t stored[NH]; /* MQW_QOS2_ON_PUBREL copies: message number + 1 */
    uint32_t n_msgs;
    uint32_t last_first, last_rank, counted, window;
    uint32_t first_pending; /* no message before it is pending */
    unsigned ranks;
    uint32_t ids_in_use; /* identifiers id_owner gives an owner */
    uint32_t n_held;     /* identifiers of the peer's messages it holds */
    pipe_q *out;
    struct side *peer;
    /* Last, not cleared by side_init: */
    msg m[MAXMSG + 1];        /* what it published, by cookie */
    uint32_t id_owner[65536]; /* cookie holding each identifier, 0 = free */
} side;

static side A, B;
static pipe_q up, down;
static uint32_t now;
static bool connected;
static uint8_t version;
model_counts model_stats;
static uint32_t n_subs;
static bool resend_on; /* 3.x resend on a live connection */
static bool refusals;  /* 5.0: the receiving applications refuse some messages */
#define REFUSAL 0x87   /* Not authorized */

/* Whether the receiving application refuses message c (whichever copy of
 * it comes, so the same every time). */
static bool refusing(uint32_t c)
{
    return refusals && c % 5 == 2;
}

static void put(pipe_q *p, const wire_pkt *w)
{
    TRACE("  %s sends %s id %u%s%s\n", p == &up ? "client" : "server", mqw_packet_name(w->type),
          w->id, w->dup ? " dup" : "", w->type == MQW_PUBLISH && w->qos == 2 ? " q2" : "");
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
                model_stats.resends += a->dup;
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
                /* [MQTT-4.6.0-4] */
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
        model_stats.deliveries++;
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
        x->ids_in_use--;
        if (a->request == MQW_PUBLISH) {
            msg *m = &x->m[c];
            EXPECT_EQ(m->status, PENDING);
            EXPECT_EQ(a->qos, m->qos);
            EXPECT(!m->doomed || a->done == MQW_DONE_LOST, "%s: message %u outlived its session",
                   x->name, c);
            /* Refused exactly when the receiving application refused it. */
            if (a->done != MQW_DONE_LOST)
                EXPECT((a->done == MQW_DONE_REFUSED) == (refusing(c) && m->qos) &&
                           (a->done == MQW_DONE_REFUSED ? a->result == REFUSAL
                                                        : a->result == 0 || a->result == 0x92),
                       "%s: message %u done %u with 0x%02X", x->name, c, a->done, a->result);
            m->status = a->done == MQW_DONE_LOST      ? LOST
                        : a->done == MQW_DONE_REFUSED ? REFUSED
                                                      : ACKED;
            if (m->counted) {
                m->counted = false;
                x->counted--;
            }
        } else {
            EXPECT(c >= SUB_COOKIE, "c >= SUB_COOKIE");
            EXPECT_EQ(a->qos, 0);
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

/* A message of x before c that waits for its PUBLISH or PUBREL to be sent
 * on this connection. */
static bool older_waits(side *x, uint32_t c)
{
    while (x->first_pending < c && x->m[x->first_pending].status != PENDING)
        x->first_pending++;
    for (uint32_t k = x->first_pending; k < c; k++) {
        const msg *m = &x->m[k];
        if (m->qos && m->status == PENDING && !m->doomed && !(m->rel ? m->rel_on_conn : m->on_conn))
            return true;
    }
    return false;
}

static void publish(side *x, uint8_t qos)
{
    if (x->n_msgs >= MAXMSG)
        return;
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
        x->ids_in_use++;
        m->id = a.packet_id;
    }
    act(x, &a, 0);
    /* 5.0: a new message waits only while the window is full or something
     * older waits to be sent or resent ([MQTT-4.6.0-1]); in particular a
     * new connection's window is empty whatever PUBRELs it resends. */
    if (qos && connected && version == MQW_V5 && !a.send)
        EXPECT(x->counted >= x->window || older_waits(x, c),
               "%s: message %u waits, %u of %u in flight", x->name, c, x->counted, x->window);
}

static void subscribe(void)
{
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
    A.ids_in_use++;
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
    if (w.type == MQW_PUBLISH && w.qos && refusing(w.msg) &&
        (a.deliver == MQW_DELIVER_NOW || a.deliver == MQW_DELIVER_STORE)) {
        EXPECT_EQ(mqw_session_refuse(&x->s, &a, REFUSAL), MQW_OK);
        model_stats.refused++;
    }
    if (w.type == MQW_PUBLISH && w.qos) {
        /* [MQTT-4.6.0-2] [MQTT-4.6.0-3]: answered in the same turn. */
        EXPECT_EQ(a.send, w.qos == 1 ? MQW_PUBACK : MQW_PUBREC);
        EXPECT_EQ(a.packet_id, w.id);
    }
    /* A QoS 2 message taken holds its identifier until the PUBREL, which
     * says (result 0x92 or not) whether it released one. */
    msg *pm = w.type == MQW_PUBLISH ? &x->peer->m[w.msg] : NULL;
    if (w.type == MQW_PUBLISH && w.qos == 2 &&
        (a.deliver == MQW_DELIVER_NOW || a.deliver == MQW_DELIVER_STORE)) {
        EXPECT(!pm->held, "%s: message %u taken twice", x->name, w.msg);
        pm->held = true;
        x->n_held++;
    }
    if (w.type == MQW_PUBREL) {
        /* A 3.x PUBREL resent live may come after the flow ended. */
        uint32_t c = x->peer->id_owner[w.id];
        EXPECT(c < SUB_COOKIE, "%s: PUBREL %u of a SUBSCRIBE", x->name, w.id);
        pm = c ? &x->peer->m[c] : NULL;
        bool held = pm && pm->held;
        EXPECT((a.result == 0x92) == !held, "%s: PUBREL %u (%sheld): result 0x%02X", x->name, w.id,
               held ? "" : "not ", a.result);
        if (held) {
            x->n_held--;
            pm->held = false;
        }
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

/* An ack nobody sent, for an identifier the model knows is free. */
/* An ack of `type` for `id` that nobody sent reaches x: it must be
 * refused with `rule` (or, for "DL-1", ignored as the answer to a 3.x
 * duplicate) and change nothing. */
static void forge_ack(side *x, uint8_t type, uint16_t id, const char *rule)
{
    mqw_packet pkt;
    memset(&pkt, 0, sizeof pkt);
    pkt.type = type;
    if (type == MQW_SUBACK)
        pkt.u.suback.packet_id = id;
    else if (type == MQW_UNSUBACK)
        pkt.u.unsuback.packet_id = id;
    else {
        pkt.u.ack.type = type;
        pkt.u.ack.packet_id = id;
    }
    mqw_action a;
    mqw_diag diag;
    int rc = mqw_session_receive(&x->s, &pkt, now, &a, &diag);
    bool dl1 = !strcmp(rule, "DL-1");
    EXPECT(rc == (dl1 ? MQW_ERR_ACK_UNKNOWN : MQW_ERR_ACK_STATE) || (dl1 && rc == MQW_OK),
           "%s: forged %s %u: %s", x->name, mqw_packet_name(type), id, mqw_strerror(rc));
    EXPECT(!a.send && !a.done && !a.deliver, "%s: forged %s %u answered", x->name,
           mqw_packet_name(type), id);
    if (rc != MQW_OK)
        EXPECT(diag.rule == NULL || !strcmp(diag.rule, rule), "%s: forged %s: rule %s", x->name,
               mqw_packet_name(type), diag.rule);
    model_stats.forged++;
}

static void forge(uint8_t arg)
{
    static const uint8_t types[5] = {MQW_PUBACK, MQW_PUBREC, MQW_PUBCOMP, MQW_SUBACK, MQW_UNSUBACK};
    side *x = arg & 1 ? &A : &B;
    /* 5.0: a second PUBREC for a flow whose PUBREL went out (no PUBLISH is
     * resent on a live connection, [MQTT-4.4.0-1]). */
    for (uint32_t c = x->n_msgs; version == MQW_V5 && (arg & 0x10) && c > 0 && c + 16 > x->n_msgs;
         c--)
        if (x->m[c].qos == 2 && x->m[c].status == PENDING && x->m[c].rel_on_conn) {
            model_stats.forged_pubrec++;
            forge_ack(x, MQW_PUBREC, x->m[c].id, "DL-3");
            return;
        }
    uint16_t id = (uint16_t)(1 + (arg >> 1) * 7 + x->n_msgs % 13);
    /* Or the identifier of a recent message whose session was not kept and
     * that is not yet reported lost: it is not in flight either. */
    for (uint32_t c = x->n_msgs; (arg & 0x20) && c > 0 && c + 16 > x->n_msgs; c--)
        if (x->m[c].qos && x->m[c].doomed && x->m[c].status == PENDING) {
            id = x->m[c].id;
            break;
        }
    uint32_t owner = x->id_owner[id];
    if (owner && (owner >= SUB_COOKIE || !x->m[owner].doomed))
        return;
    model_stats.forged_lost += owner != 0;
    forge_ack(x, types[arg % 5], id, "DL-1");
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
        /* Neither side holds the other's identifiers any more. */
        for (side *x = &A; x; x = x == &A ? &B : NULL) {
            for (uint32_t c = 1; c <= x->n_msgs; c++)
                x->m[c].held = false;
            x->n_held = 0;
        }
        memset(A.stored, 0, sizeof A.stored);
        memset(B.stored, 0, sizeof B.stored);
        model_stats.reconnects_fresh++;
    } else {
        model_stats.reconnects_kept++;
    }
    /* Without the session every flow is over (reported by
     * mqw_session_next, perhaps later). With it, the window of the new
     * connection starts empty (5.0 4.9): a flow whose PUBREL is resent
     * sends no PUBLISH here and takes no place in it. */
    for (side *x = &A; x; x = x == &A ? &B : NULL)
        for (uint32_t c = 1; c <= x->n_msgs; c++)
            if (!kept && x->m[c].status == PENDING)
                x->m[c].doomed = true;
}

/* A flow x sent on this connection that has not ended. */
static bool sent_here(const side *x)
{
    for (uint32_t c = 1; c <= x->n_msgs; c++) {
        const msg *m = &x->m[c];
        if (m->qos && m->status == PENDING && (m->on_conn || m->rel_on_conn))
            return true;
    }
    return false;
}

/* Time passes; what the resend timer marks is sent when the caller next
 * drains (model_step), perhaps after another tick. */
static void tick(uint32_t ms)
{
    now += ms;
    for (side *x = &A; x; x = x == &A ? &B : NULL) {
        uint32_t wait;
        int rc = mqw_session_tick(&x->s, now, &wait, NULL);
        if (rc == MQW_ERR_RESEND_LIMIT) {
            lose_connection();
            return;
        }
        EXPECT_EQ(rc, MQW_OK);
        /* 3.x live resend: a flow in flight here always has a deadline. */
        if (resend_on && wait == UINT32_MAX)
            EXPECT(!sent_here(x), "%s: a flow in flight and no resend deadline", x->name);
    }
}

static void side_init(side *x, const char *name, uint8_t role, uint16_t flights, uint16_t rm,
                      uint8_t qos2, uint8_t resend_limit)
{
    static const uint32_t delays[] = {1000, 3000, 8000};
    /* Everything but the message records (set up as they are published)
     * and the identifier map (left all free by model_settle). */
    memset(x, 0, offsetof(side, m));
    x->name = name;
    x->first_pending = 1;
    /* Our Receive Maximum is what the peer's window is. */
    mqw_session_config cfg = {role, qos2,   x->fl, flights,      x->held, NH,
                              rm,   delays, 3,     resend_limit, 0};
    EXPECT_EQ(mqw_session_init(&x->s, &cfg), MQW_OK);
}

void model_begin(const uint8_t cfg[8])
{
    static const uint8_t versions[3] = {MQW_V31, MQW_V311, MQW_V5};
    version = versions[cfg[0] % 3];
    uint16_t fa = (uint16_t)(1 + cfg[1] % NF), fb = (uint16_t)(1 + cfg[1] / NF % NF);
    /* 5.0: each side's Receive Maximum, at most the slots it holds. */
    uint16_t rma = (uint16_t)(1 + cfg[2] % NH), rmb = (uint16_t)(1 + cfg[2] / NH % NH);
    uint8_t resend = version == MQW_V5 || !(cfg[3] & 4) ? 0 : 2;
    resend_on = resend > 0;
    refusals = version == MQW_V5 && (cfg[3] & 8);
    side_init(&A, "client", MQW_ROLE_CLIENT, fa, rma, cfg[3] & 1, resend);
    side_init(&B, "server", MQW_ROLE_SERVER, fb, rmb, (cfg[3] >> 1) & 1, resend);
    A.out = &up;
    B.out = &down;
    A.peer = &B;
    B.peer = &A;
    /* A sender's window: the peer's Receive Maximum (5.0), else its slots. */
    A.window = version == MQW_V5 && rmb < fa ? rmb : fa;
    B.window = version == MQW_V5 && rma < fb ? rma : fb;
    up.n = down.n = up.head = down.head = 0;
    n_subs = 0;
    /* Anywhere on the clock: it wraps. */
    now = (uint32_t)cfg[4] << 24 | (uint32_t)cfg[5] << 16 | (uint32_t)cfg[6] << 8 | cfg[7];
    connected = false;
    reconnect(true);
}

void model_step(uint8_t ev, uint8_t arg)
{
    TRACE("event %u arg %u%s\n", ev, arg, connected ? "" : " (offline)");
    if (!connected && ev >= MODEL_ARRIVE_CLIENT) {
        reconnect(arg % 5 != 0);
    } else {
        switch (ev) {
        case MODEL_PUBLISH_CLIENT:
        case MODEL_PUBLISH_SERVER:
            publish(ev == MODEL_PUBLISH_CLIENT ? &A : &B, (uint8_t)(arg % 3));
            break;
        case MODEL_SUBSCRIBE:
            subscribe();
            break;
        case MODEL_ARRIVE_CLIENT:
        case MODEL_ARRIVE_SERVER:
            /* TCP keeps each direction in order; only the two interleave. */
            if (ev == MODEL_ARRIVE_CLIENT && down.n)
                arrive(&A, &down);
            else if (up.n)
                arrive(&B, &up);
            else if (down.n)
                arrive(&A, &down);
            break;
        case MODEL_TICK:
            tick((uint32_t)(arg & 0x3F) * 320u);
            break;
        case MODEL_FORGE:
            forge(arg);
            break;
        default:
            lose_connection();
            break;
        }
    }
    /* A caller may run another event (a publish, a packet) before it
     * drains what the last one released; nothing may overtake that. */
    if (arg >> 6)
        drain_both();
    /* What the accessors say is what the model counts. */
    for (side *x = &A; x; x = x == &A ? &B : NULL) {
        EXPECT_EQ(mqw_session_flows(&x->s), x->ids_in_use);
        EXPECT_EQ(mqw_session_inflight(&x->s), connected ? x->counted : 0);
        EXPECT_EQ(mqw_session_held(&x->s), x->n_held);
    }
    model_stats.steps++;
}

void model_settle(void)
{
    /* Back with the session, nothing lost any more: every flow must end. */
    if (!connected)
        reconnect(true);
    drain_both();
    for (unsigned guard = 0; up.n || down.n; guard++) {
        EXPECT(guard < 100000, "the flows never settle");
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
            if (m->status == REFUSED)
                EXPECT(m->delivered == 0, "%s: refused message %u delivered", x->name, c);
            if (m->status == ACKED && m->qos == 2)
                EXPECT(m->delivered == 1, "%s: QoS 2 message %u delivered %u times", x->name, c,
                       m->delivered);
            if (m->status == ACKED && m->qos == 1)
                EXPECT(m->delivered >= 1, "%s: QoS 1 message %u never delivered", x->name, c);
            if (m->qos != 1)
                EXPECT(m->delivered <= 1, "%s: message %u delivered %u times", x->name, c,
                       m->delivered);
        }
        /* Every identifier is free again (and so the map is clean for the
         * next run, which does not clear it). */
        EXPECT(x->ids_in_use == 0, "%s: %u identifiers still in use", x->name, x->ids_in_use);
    }
}
