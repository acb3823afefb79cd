/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * One connection's session: Packet Identifiers, the QoS 1 and QoS 2 flows
 * both ways, the in-flight window, ordering, resend and reconnect
 * (3.1.1 and 5.0 chapter 4). Above the packet files: it reads parsed
 * packets and answers with what to send; no packet file calls it.
 *
 * Speed comes from where things live, so that no event in the common case
 * scans a table:
 *  - an outgoing flow's Packet Identifier names its slot: slot i hands out
 *    i + 1, i + 1 + m, i + 1 + 2m, ... (m the power of two >= the slot
 *    count), so an ack finds its flow with a mask, and an identifier can
 *    be in use only while its slot is;
 *  - the flows are a doubly linked list in the order their current packet
 *    was first sent (a QoS 2 flow moves to the end when its PUBREC comes),
 *    which is the order every resend must keep ([MQTT-4.6.0-1],
 *    [MQTT-4.6.0-4]);
 *  - free slots are a list, held incoming identifiers a hash chained
 *    through the caller's array (bucket = identifier's low bits, so the
 *    usual ascending identifiers never collide);
 *  - what mqw_session_next must still send is counted, so it answers "no"
 *    in one test, and it resumes at a cursor no pending flow lies before;
 *  - the 3.x resend timer is one lower bound on every flow's deadline:
 *    only when it passes does mqw_session_tick look at the flows.
 */
#include "wire.h"

/* A flow's state: what it waits for. */
enum {
    FLOW_FREE = 0,
    FLOW_PUBACK,   /* QoS 1 PUBLISH sent, waits for PUBACK */
    FLOW_PUBREC,   /* QoS 2 PUBLISH sent, waits for PUBREC */
    FLOW_PUBCOMP,  /* PUBREL sent, waits for PUBCOMP */
    FLOW_SUBACK,   /* SUBSCRIBE sent; `due` holds its entry count */
    FLOW_UNSUBACK, /* UNSUBSCRIBE sent; `due` holds its filter count */
};

/* A flow's flags. */
enum {
    FLOW_SENT = 1u << 0,   /* its packet went out on this connection */
    FLOW_NEED = 1u << 1,   /* mqw_session_next must send it */
    FLOW_EVER = 1u << 2,   /* the PUBLISH went out once: later sends carry DUP */
    FLOW_LOST = 1u << 3,   /* mqw_session_next must report it lost */
    FLOW_RESENT = 1u << 4, /* resent on this live connection (3.x) */
    FLOW_WINDOW = 1u << 5, /* its PUBLISH went out on this connection: in the window */
};

#define SESSION_NONE 0u /* list links are slot index + 1; 0 ends a list */

static inline mqw_flight *flow_at(const mqw_session *s, uint16_t x)
{
    return &s->flights[x - 1u];
}

static inline bool flow_is_publish(uint8_t state)
{
    return state == FLOW_PUBACK || state == FLOW_PUBREC || state == FLOW_PUBCOMP;
}

/* `a` is earlier than `b` on a clock that wraps at 2^32. */
static inline bool time_before(uint32_t a, uint32_t b)
{
    return (uint32_t)(a - b) >= 0x80000000u;
}

static inline void action_clear(mqw_action *out)
{
    static const mqw_action none;
    *out = none;
}

static uint32_t resend_delay(const mqw_session *s, uint8_t tries)
{
    uint32_t k = tries < s->resend_n ? tries : s->resend_n - 1u;
    return s->resend_ms[k];
}

/* The 3.x deadline of a flow sent now; next_due stays a lower bound. */
static void flow_arm(mqw_session *s, mqw_flight *f, uint32_t now)
{
    if (!s->resend_on)
        return;
    f->due = now + resend_delay(s, f->tries);
    if (!s->timer_set || time_before(f->due, s->next_due)) {
        s->next_due = f->due;
        s->timer_set = 1;
    }
}

MQW_HOT_INLINE void list_append(mqw_session *s, uint16_t x)
{
    mqw_flight *f = flow_at(s, x);
    f->prev = s->tail;
    f->next = SESSION_NONE;
    if (s->tail)
        flow_at(s, s->tail)->next = x;
    else
        s->head = x;
    s->tail = x;
}

MQW_HOT_INLINE void list_remove(mqw_session *s, uint16_t x)
{
    mqw_flight *f = flow_at(s, x);
    if (s->cursor == x)
        s->cursor = f->next;
    if (f->prev)
        flow_at(s, f->prev)->next = f->next;
    else
        s->head = f->next;
    if (f->next)
        flow_at(s, f->next)->prev = f->prev;
    else
        s->tail = f->prev;
}

/* Take a free slot and give it its next identifier; 0 when none is free. */
MQW_HOT_INLINE uint16_t flow_take(mqw_session *s, uint8_t state, uintptr_t cookie)
{
    uint16_t x = s->free;
    if (!x)
        return 0;
    mqw_flight *f = flow_at(s, x);
    s->free = f->next;
    s->used++;
    uint32_t id = (uint32_t)f->packet_id + s->id_mask + 1u;
    if (f->packet_id == 0 || id > 0xFFFFu)
        id = x;
    f->packet_id = (uint16_t)id;
    f->cookie = cookie;
    f->state = state;
    f->flags = 0;
    f->tries = 0;
    list_append(s, x);
    return x;
}

/* The flow is over: its counts go, its slot is free. A flow that was
 * resent on a live connection leaves its identifier behind so that the
 * peer's answer to the duplicate is recognised (and ignored). */
MQW_HOT_INLINE void flow_release(mqw_session *s, uint16_t x)
{
    mqw_flight *f = flow_at(s, x);
    list_remove(s, x);
    uint8_t flags = f->flags;
    if (flags & (FLOW_NEED | FLOW_LOST)) {
        if (flags & FLOW_LOST)
            s->wait_lost--;
        else if (flags & FLOW_SENT)
            s->wait_re--;
        else
            s->wait_new--;
    }
    /* Only PUBLISH flows are ever counted in the window. */
    if (flags & FLOW_WINDOW)
        s->inflight--;
    f->old_id = (flags & FLOW_RESENT) ? f->packet_id : 0;
    f->state = FLOW_FREE;
    f->flags = 0;
    f->next = s->free;
    s->free = x;
    s->used--;
}

/* The flow in flight with `id`, or 0. A flow waiting to be reported lost
 * is over already: its identifier is not in flight (DL-1). */
static inline uint16_t flow_find(const mqw_session *s, uint16_t id)
{
    uint32_t i = (uint32_t)(id - 1u) & s->id_mask;
    if (i >= s->n_flights)
        return 0;
    const mqw_flight *f = &s->flights[i];
    /* Identifier 0 is never handed out: a slot that shows it is free. */
    if (f->packet_id != id || f->state == FLOW_FREE || (f->flags & FLOW_LOST))
        return 0;
    return (uint16_t)(i + 1u);
}

/* ---- incoming QoS 2 identifiers held until PUBREL ----------------------- */

static void held_reset(mqw_session *s)
{
    for (uint16_t i = 0; i < s->n_held; i++) {
        s->held[i].packet_id = 0;
        s->held[i].bucket = SESSION_NONE;
        s->held[i].chain = (uint16_t)(i + 1u < s->n_held ? i + 2u : SESSION_NONE);
        s->held[i].live = 0;
    }
    s->held_free = s->n_held ? 1 : SESSION_NONE;
    s->held_n = 0;
    s->held_live = 0;
}

/* A new connection with the session: what the peer sent before no longer
 * counts against our Receive Maximum (5.0 4.9: not preserved across
 * connections); an identifier counts again when its PUBLISH comes again. */
static void held_new_connection(mqw_session *s)
{
    for (uint16_t i = 0; i < s->n_held; i++)
        s->held[i].live = 0;
    s->held_live = 0;
}

static inline uint16_t *held_bucket(const mqw_session *s, uint16_t id)
{
    return &s->held[id & s->held_mask].bucket;
}

static inline uint16_t held_find(const mqw_session *s, uint16_t id)
{
    if (!s->n_held)
        return 0;
    uint16_t e = *held_bucket(s, id);
    while (e && s->held[e - 1u].packet_id != id)
        e = s->held[e - 1u].chain;
    return e;
}

/* Hold `id` (not held yet, a free entry exists); its entry + 1. */
static uint16_t held_insert(mqw_session *s, uint16_t id)
{
    uint16_t e = s->held_free;
    uint16_t *b = held_bucket(s, id);
    mqw_held *h = &s->held[e - 1u];
    s->held_free = h->chain;
    h->packet_id = id;
    h->chain = *b;
    h->live = 1;
    *b = e;
    s->held_n++;
    s->held_live++;
    return e;
}

/* Release `id`; its entry + 1, or 0 when it was not held. */
static uint16_t held_remove(mqw_session *s, uint16_t id)
{
    if (!s->n_held)
        return 0;
    uint16_t *link = held_bucket(s, id);
    while (*link) {
        uint16_t e = *link;
        mqw_held *h = &s->held[e - 1u];
        if (h->packet_id == id) {
            *link = h->chain;
            h->packet_id = 0;
            h->chain = s->held_free;
            s->held_free = e;
            s->held_n--;
            s->held_live -= h->live;
            h->live = 0;
            return e;
        }
        link = &h->chain;
    }
    return 0;
}

/* ---- set-up and connection events --------------------------------------- */

/* see mqttwire.h */
int mqw_session_init(mqw_session *s, const mqw_session_config *cfg)
{
    if (!s || !cfg || (cfg->role != MQW_ROLE_CLIENT && cfg->role != MQW_ROLE_SERVER) ||
        cfg->qos2 > MQW_QOS2_ON_PUBREL || !cfg->flights || cfg->n_flights == 0 ||
        cfg->n_flights > MQW_SESSION_MAX_FLIGHTS || (!cfg->held && cfg->n_held > 0) ||
        (cfg->resend_limit > 0 && (!cfg->resend_ms || cfg->resend_n == 0)) ||
        (cfg->flags & ~(uint32_t)MQW_LENIENT_RECEIVE_MAXIMUM))
        return MQW_ERR_ARG;
    memset(s, 0, sizeof *s);
    s->flights = cfg->flights;
    s->n_flights = cfg->n_flights;
    /* m <= 32768: every slot has two identifiers at least, so the one that
     * follows a flow resent on a live connection differs from it (an
     * answer to the duplicate is told from one to the next flow). */
    uint32_t m = 1;
    while (m < cfg->n_flights)
        m <<= 1;
    s->id_mask = (uint16_t)(m - 1u);
    for (uint16_t i = 0; i < s->n_flights; i++) {
        mqw_flight *f = &s->flights[i];
        memset(f, 0, sizeof *f);
        f->next = (uint16_t)(i + 1u < s->n_flights ? i + 2u : SESSION_NONE);
    }
    s->free = 1;
    s->held = cfg->held;
    s->n_held = cfg->held ? cfg->n_held : 0;
    uint32_t hm = 1;
    while (hm * 2u <= s->n_held)
        hm <<= 1;
    s->held_mask = (uint16_t)(hm - 1u);
    held_reset(s);
    s->receive_max = cfg->receive_max ? cfg->receive_max : 0xFFFFu;
    s->resend_ms = cfg->resend_ms;
    s->resend_n = cfg->resend_n > 255 ? 255u : (uint32_t)cfg->resend_n;
    s->resend_limit = cfg->resend_limit;
    s->role = cfg->role;
    s->qos2 = cfg->qos2;
    s->lenient_rm = (cfg->flags & MQW_LENIENT_RECEIVE_MAXIMUM) != 0;
    s->window = 0; /* offline: nothing goes out */
    return MQW_OK;
}

/* see mqttwire.h */
int mqw_session_connected(mqw_session *s, const mqw_link *link, uint32_t now)
{
    if (!link || !mqw_version_ok(link->version))
        return MQW_ERR_ARG;
    if (s->connected)
        return MQW_ERR_STATE;
    s->version = link->version;
    s->connected = 1;
    s->window = s->n_flights;
    if (MQW_IS_V5(s->version) && link->receive_max && link->receive_max < s->window)
        s->window = link->receive_max;
    s->resend_on = !MQW_IS_V5(s->version) && s->resend_limit > 0;
    s->check_rm = MQW_IS_V5(s->version) && !s->lenient_rm;
    s->timer_set = 0;
    s->inflight = s->wait_new = s->wait_re = s->wait_lost = 0;
    for (uint16_t x = s->head; x; x = flow_at(s, x)->next) {
        mqw_flight *f = flow_at(s, x);
        f->tries = 0;
        if (!link->session_present || !flow_is_publish(f->state) || (f->flags & FLOW_LOST)) {
            f->flags = FLOW_LOST;
            s->wait_lost++;
        } else if (f->state == FLOW_PUBCOMP) {
            /* The peer holds the identifier already: the PUBREL goes out
             * whatever the window, or its flow could never end. Nor does it
             * count in the window: no PUBLISH of it goes out on this
             * connection, and the send quota starts afresh on each (5.0
             * 4.9, [MQTT-4.9.0-1]). */
            f->flags = (uint8_t)((f->flags & FLOW_EVER) | FLOW_SENT | FLOW_NEED);
            s->wait_re++;
            flow_arm(s, f, now);
        } else {
            f->flags = (uint8_t)((f->flags & FLOW_EVER) | FLOW_NEED);
            s->wait_new++;
        }
    }
    s->cursor = s->head;
    if (link->session_present)
        held_new_connection(s);
    else
        held_reset(s);
    return MQW_OK;
}

/* see mqttwire.h */
void mqw_session_disconnected(mqw_session *s)
{
    if (!s->connected)
        return;
    s->connected = 0;
    s->window = 0;
    s->timer_set = 0;
    s->inflight = s->wait_new = s->wait_re = s->wait_lost = 0;
    for (uint16_t x = s->head; x; x = flow_at(s, x)->next) {
        mqw_flight *f = flow_at(s, x);
        if (!flow_is_publish(f->state) || (f->flags & FLOW_LOST)) {
            f->flags = FLOW_LOST;
            s->wait_lost++;
        } else {
            f->flags &= FLOW_EVER;
        }
    }
    s->cursor = s->head;
}

/* ---- what the caller sends ---------------------------------------------- */

/* see mqttwire.h */
int mqw_session_publish(mqw_session *s, uint8_t qos, uintptr_t cookie, uint32_t now,
                        mqw_action *out)
{
    if (!out)
        return MQW_ERR_ARG;
    action_clear(out);
    if (qos > 2)
        return MQW_ERR_ARG;
    if (qos == 0) {
        if (!s->connected)
            return MQW_ERR_STATE;
        out->send = MQW_PUBLISH;
        out->cookie = cookie;
        return MQW_OK;
    }
    uint16_t x = flow_take(s, qos == 1 ? FLOW_PUBACK : FLOW_PUBREC, cookie);
    if (!x)
        return MQW_ERR_FULL;
    mqw_flight *f = flow_at(s, x);
    out->qos = qos;
    out->packet_id = f->packet_id;
    out->cookie = cookie;
    /* [MQTT-4.9.0-2]; and nothing overtakes a PUBLISH that waits to be
     * sent or resent ([MQTT-4.6.0-1]). */
    if (!(s->wait_new | s->wait_re) && s->inflight < s->window) {
        f->flags = FLOW_SENT | FLOW_WINDOW | FLOW_EVER;
        s->inflight++;
        flow_arm(s, f, now);
        out->send = MQW_PUBLISH;
    } else {
        f->flags = FLOW_NEED;
        s->wait_new++;
        if (!s->cursor)
            s->cursor = x;
    }
    return MQW_OK;
}

static int session_request(mqw_session *s, uint8_t state, uint8_t type, size_t n, uintptr_t cookie,
                           mqw_action *out)
{
    if (!out)
        return MQW_ERR_ARG;
    action_clear(out);
    if (n == 0 || n > MQW_VARINT_MAX)
        return MQW_ERR_ARG;
    if (s->role != MQW_ROLE_CLIENT)
        return MQW_ERR_DIRECTION;
    if (!s->connected)
        return MQW_ERR_STATE;
    uint16_t x = flow_take(s, state, cookie);
    if (!x)
        return MQW_ERR_FULL;
    mqw_flight *f = flow_at(s, x);
    f->due = (uint32_t)n;
    out->send = type;
    out->packet_id = f->packet_id;
    out->cookie = cookie;
    return MQW_OK;
}

/* see mqttwire.h */
int mqw_session_subscribe(mqw_session *s, size_t n, uintptr_t cookie, mqw_action *out)
{
    return session_request(s, FLOW_SUBACK, MQW_SUBSCRIBE, n, cookie, out);
}

/* see mqttwire.h */
int mqw_session_unsubscribe(mqw_session *s, size_t n, uintptr_t cookie, mqw_action *out)
{
    return session_request(s, FLOW_UNSUBACK, MQW_UNSUBSCRIBE, n, cookie, out);
}

/* ---- what the peer sent ------------------------------------------------- */

static inline int session_violation(mqw_diag *diag, int err, const char *rule)
{
    return mqw_fail(diag, err, 0, rule);
}

static uint8_t flow_request(uint8_t state)
{
    static const uint8_t request[] = {0,           MQW_PUBLISH,   MQW_PUBLISH,
                                      MQW_PUBLISH, MQW_SUBSCRIBE, MQW_UNSUBSCRIBE};
    return request[state];
}

/* The QoS of a flow's PUBLISH, 0 for the other requests. */
static uint8_t flow_qos(uint8_t state)
{
    static const uint8_t qos[] = {0, 1, 2, 2, 0, 0};
    return qos[state];
}

MQW_HOT_INLINE void flow_done(mqw_session *s, uint16_t x, uint8_t how, uint8_t result,
                              mqw_action *out)
{
    const mqw_flight *f = flow_at(s, x);
    out->done = how;
    out->request = flow_request(f->state);
    out->qos = flow_qos(f->state);
    out->result = result;
    out->packet_id = f->packet_id;
    out->cookie = f->cookie;
    flow_release(s, x);
}

/* An ack whose identifier has no flow: the peer's answer to a duplicate we
 * resent (ignored), or a violation (DL-1). */
static int ack_unknown(const mqw_session *s, uint16_t id, mqw_diag *diag)
{
    uint32_t i = (uint32_t)(id - 1u) & s->id_mask;
    if (id && i < s->n_flights && s->flights[i].old_id == id)
        return MQW_OK;
    return session_violation(diag, MQW_ERR_ACK_UNKNOWN, MQW_RULE("DL-1"));
}

static int on_puback(mqw_session *s, const mqw_ack *ack, mqw_action *out, mqw_diag *diag)
{
    uint16_t x = flow_find(s, ack->packet_id);
    if (!x)
        return ack_unknown(s, ack->packet_id, diag);
    if (flow_at(s, x)->state != FLOW_PUBACK)
        return session_violation(diag, MQW_ERR_ACK_STATE, MQW_RULE("DL-2"));
    uint8_t code = MQW_IS_V5(s->version) ? ack->code : 0;
    flow_done(s, x, code >= 0x80 ? MQW_DONE_REFUSED : MQW_DONE_ACKED, code, out);
    return MQW_OK;
}

static int on_pubrec(mqw_session *s, const mqw_ack *ack, uint32_t now, mqw_action *out,
                     mqw_diag *diag)
{
    uint16_t x = flow_find(s, ack->packet_id);
    if (!x)
        return ack_unknown(s, ack->packet_id, diag);
    mqw_flight *f = flow_at(s, x);
    if (f->state == FLOW_PUBCOMP && !MQW_IS_V5(s->version)) {
        /* 3.x: the PUBREC of a PUBLISH we resent, the PUBREL again. A 5.0
         * peer never has a reason to send it twice: no PUBLISH is resent
         * on a live connection [MQTT-4.4.0-1], so it is DL-3. */
        out->send = MQW_PUBREL;
        out->dup = MQW_IS_V31(s->version);
        out->packet_id = f->packet_id;
        return MQW_OK;
    }
    if (f->state != FLOW_PUBREC)
        return session_violation(diag, MQW_ERR_ACK_STATE, MQW_RULE("DL-3"));
    uint8_t code = MQW_IS_V5(s->version) ? ack->code : 0;
    if (code >= 0x80) {
        flow_done(s, x, MQW_DONE_REFUSED, code, out);
        return MQW_OK;
    }
    if (f->flags & FLOW_NEED) {
        if (f->flags & FLOW_SENT)
            s->wait_re--;
        else
            s->wait_new--;
    }
    if (!(f->flags & FLOW_WINDOW))
        s->inflight++;
    f->flags = (uint8_t)(FLOW_SENT | FLOW_WINDOW | FLOW_EVER | (f->flags & FLOW_RESENT));
    f->state = FLOW_PUBCOMP;
    f->tries = 0;
    /* PUBRELs go out in the order their PUBRECs came [MQTT-4.6.0-4], and a
     * reconnect resends them in that order: the flow joins the end. */
    if (s->tail != x) {
        list_remove(s, x);
        list_append(s, x);
    }
    flow_arm(s, f, now);
    out->send = MQW_PUBREL;
    out->packet_id = f->packet_id;
    return MQW_OK;
}

static int on_pubcomp(mqw_session *s, const mqw_ack *ack, mqw_action *out, mqw_diag *diag)
{
    uint16_t x = flow_find(s, ack->packet_id);
    if (!x)
        return ack_unknown(s, ack->packet_id, diag);
    if (flow_at(s, x)->state != FLOW_PUBCOMP)
        return session_violation(diag, MQW_ERR_ACK_STATE, MQW_RULE("DL-4"));
    flow_done(s, x, MQW_DONE_ACKED, MQW_IS_V5(s->version) ? ack->code : 0, out);
    return MQW_OK;
}

static int on_list_ack(mqw_session *s, uint16_t id, uint8_t state, size_t codes, bool counted,
                       mqw_action *out, mqw_diag *diag)
{
    uint16_t x = flow_find(s, id);
    if (!x)
        return ack_unknown(s, id, diag);
    const mqw_flight *f = flow_at(s, x);
    if (f->state != state)
        return session_violation(diag, MQW_ERR_ACK_STATE, MQW_RULE("DL-5"));
    /* [MQTT-3.8.4-6] / [MQTT-3.9.3-1]: one code per filter; 5.0
     * [MQTT-3.11.3-1] the same for UNSUBACK. */
    if (counted && codes != f->due)
        return session_violation(diag, MQW_ERR_ACK_COUNT,
                                 state == FLOW_SUBACK ? MQW_RULE("DL-6") : MQW_RULE("DL-7"));
    flow_done(s, x, MQW_DONE_ACKED, 0, out);
    return MQW_OK;
}

static int on_publish(mqw_session *s, const mqw_publish *pub, mqw_action *out, mqw_diag *diag)
{
    if (pub->qos == 0) {
        out->deliver = MQW_DELIVER_NOW;
        return MQW_OK;
    }
    uint16_t id = pub->packet_id;
    /* DL-8: the QoS 2 PUBLISHes of this connection whose PUBREL has not
     * come (QoS 1 is answered at once) are what the peer has in flight. */
    bool full = s->check_rm && s->held_live >= s->receive_max;
    if (pub->qos == 1) {
        if (full)
            return session_violation(diag, MQW_ERR_RECEIVE_MAXIMUM, MQW_RULE("DL-8"));
        out->deliver = MQW_DELIVER_NOW;
        out->send = MQW_PUBACK;
        out->packet_id = id;
        return MQW_OK;
    }
    out->packet_id = id;
    uint16_t held = held_find(s, id);
    if (held && s->held[held - 1u].live) {
        /* A duplicate while the identifier is held: answered, not
         * delivered again ([MQTT-4.3.3-2] 5.0, 4.3.3 method B 3.1.1). */
        out->send = MQW_PUBREC;
        return MQW_OK;
    }
    if (full) {
        out->packet_id = 0;
        return session_violation(diag, MQW_ERR_RECEIVE_MAXIMUM, MQW_RULE("DL-8"));
    }
    if (held) {
        /* Held from an earlier connection, sent again on this one: it is
         * in the peer's window here. */
        s->held[held - 1u].live = 1;
        s->held_live++;
        out->send = MQW_PUBREC;
        return MQW_OK;
    }
    if (!s->held_free) {
        out->packet_id = 0;
        return session_violation(diag, MQW_ERR_QUOTA, MQW_RULE("DL-9"));
    }
    uint16_t e = held_insert(s, id);
    out->send = MQW_PUBREC;
    if (s->qos2 == MQW_QOS2_ON_PUBREL) {
        out->deliver = MQW_DELIVER_STORE;
        out->slot = (uint16_t)(e - 1u);
    } else {
        out->deliver = MQW_DELIVER_NOW;
    }
    return MQW_OK;
}

static int on_pubrel(mqw_session *s, const mqw_ack *ack, mqw_action *out)
{
    uint16_t e = held_remove(s, ack->packet_id);
    out->send = MQW_PUBCOMP;
    out->packet_id = ack->packet_id;
    if (!e) {
        /* Released before: a PUBREL resent after a reconnect. It is
         * answered all the same (4.3.3), on 5.0 with 0x92; the caller
         * learns it on every version. */
        out->result = 0x92;
        out->code = MQW_IS_V5(s->version) ? 0x92 : 0;
    } else if (s->qos2 == MQW_QOS2_ON_PUBREL) {
        out->deliver = MQW_DELIVER_STORED;
        out->slot = (uint16_t)(e - 1u);
    }
    return MQW_OK;
}

/* see mqttwire.h */
int mqw_session_receive(mqw_session *s, const mqw_packet *pkt, uint32_t now, mqw_action *out,
                        mqw_diag *diag)
{
    mqw_diag_clear(diag);
    if (!out)
        return MQW_ERR_ARG;
    action_clear(out);
    if (!pkt)
        return MQW_ERR_ARG;
    if (!s->connected)
        return MQW_ERR_STATE;
    /* The commonest packet a sender receives, ahead of the dispatch. */
    if (pkt->type == MQW_PUBACK)
        return on_puback(s, &pkt->u.ack, out, diag);
    int rc = MQW_OK;
    switch (pkt->type) {
    case MQW_PUBLISH:
        rc = on_publish(s, &pkt->u.publish, out, diag);
        break;
    case MQW_PUBREC:
        rc = on_pubrec(s, &pkt->u.ack, now, out, diag);
        break;
    case MQW_PUBREL:
        rc = on_pubrel(s, &pkt->u.ack, out);
        break;
    case MQW_PUBCOMP:
        rc = on_pubcomp(s, &pkt->u.ack, out, diag);
        break;
    case MQW_SUBACK:
        rc = on_list_ack(s, pkt->u.suback.packet_id, FLOW_SUBACK, pkt->u.suback.codes.len, true,
                         out, diag);
        break;
    case MQW_UNSUBACK:
        rc = on_list_ack(s, pkt->u.unsuback.packet_id, FLOW_UNSUBACK, pkt->u.unsuback.codes.len,
                         MQW_IS_V5(s->version), out, diag);
        break;
    default:
        break;
    }
    return rc;
}

/* see mqttwire.h */
uint16_t mqw_session_flows(const mqw_session *s)
{
    return s->used;
}

/* see mqttwire.h */
uint16_t mqw_session_inflight(const mqw_session *s)
{
    return s->inflight;
}

/* see mqttwire.h */
uint16_t mqw_session_held(const mqw_session *s)
{
    return s->held_n;
}

/* see mqttwire.h */
int mqw_session_refuse(mqw_session *s, mqw_action *act, uint8_t code)
{
    if (!act || code < 0x80 || (act->send != MQW_PUBACK && act->send != MQW_PUBREC) ||
        act->code != 0 || (act->deliver != MQW_DELIVER_NOW && act->deliver != MQW_DELIVER_STORE) ||
        !mqw_reason_allowed(act->send, code))
        return MQW_ERR_ARG;
    /* Before 5.0 an ack cannot refuse: acknowledge, or close the
     * connection ([MQTT-3.3.5-2] 3.1.1). */
    if (!s->connected || !MQW_IS_V5(s->version))
        return MQW_ERR_STATE;
    /* A PUBREC >= 0x80 ends the sender's flow: the identifier is free for
     * its next message (5.0 §2.2.1), and no longer in our window. */
    if (act->send == MQW_PUBREC && !held_remove(s, act->packet_id))
        return MQW_ERR_ARG;
    act->code = code;
    act->deliver = MQW_DELIVER_NONE;
    act->slot = 0;
    return MQW_OK;
}

/* ---- what events released ----------------------------------------------- */

/* The walk of mqw_session_next from its cursor, out of line so that the
 * usual answer ("nothing") saves no registers. */
static MQW_NOINLINE bool session_walk(mqw_session *s, uint32_t now, mqw_action *out)
{
    uint16_t blocked = SESSION_NONE;
    uint16_t x = s->cursor ? s->cursor : s->head;
    while (x) {
        mqw_flight *f = flow_at(s, x);
        uint16_t nx = f->next;
        if (f->flags & FLOW_LOST) {
            flow_done(s, x, MQW_DONE_LOST, 0, out);
            s->cursor = blocked ? blocked : nx;
            return true;
        }
        if (f->flags & FLOW_NEED) {
            if (!(f->flags & FLOW_SENT)) {
                if (s->inflight >= s->window) {
                    /* Waits for the window; what is behind it may not
                     * overtake it unless it is a resend. */
                    if (!blocked)
                        blocked = x;
                    if (!s->wait_re && !s->wait_lost)
                        break;
                    x = nx;
                    continue;
                }
                f->flags |= FLOW_SENT | FLOW_WINDOW;
                s->inflight++;
                s->wait_new--;
            } else {
                s->wait_re--;
            }
            flow_arm(s, f, now);
            f->flags &= (uint8_t)~FLOW_NEED;
            out->packet_id = f->packet_id;
            if (f->state == FLOW_PUBCOMP) {
                out->send = MQW_PUBREL;
                out->dup = MQW_IS_V31(s->version); /* 31-12 */
            } else {
                out->send = MQW_PUBLISH;
                out->qos = f->state == FLOW_PUBACK ? 1 : 2;
                out->dup = (f->flags & FLOW_EVER) != 0; /* [MQTT-3.3.1-1] */
                out->cookie = f->cookie;
                f->flags |= FLOW_EVER;
            }
            s->cursor = blocked ? blocked : nx;
            return true;
        }
        x = nx;
    }
    s->cursor = blocked;
    return false;
}

/* see mqttwire.h */
bool mqw_session_next(mqw_session *s, uint32_t now, mqw_action *out)
{
    action_clear(out);
    if (!(s->wait_lost | s->wait_re | s->wait_new))
        return false;
    /* Offline the window is 0, and nothing waits to be resent. */
    if (!s->wait_lost && !s->wait_re && s->inflight >= s->window)
        return false;
    return session_walk(s, now, out);
}

/* see mqttwire.h */
int mqw_session_tick(mqw_session *s, uint32_t now, uint32_t *wait, mqw_diag *diag)
{
    mqw_diag_clear(diag);
    if (wait)
        *wait = UINT32_MAX;
    if (!s->connected || !s->resend_on || !s->timer_set)
        return MQW_OK;
    if (time_before(now, s->next_due)) {
        if (wait)
            *wait = s->next_due - now;
        return MQW_OK;
    }
    /* A deadline passed: the one pass over the flows that a timeout
     * costs. First the limit, so that an error changes nothing. */
    for (uint16_t x = s->head; x; x = flow_at(s, x)->next) {
        const mqw_flight *f = flow_at(s, x);
        if ((f->flags & (FLOW_SENT | FLOW_NEED)) == FLOW_SENT && flow_is_publish(f->state) &&
            !time_before(now, f->due) && f->tries >= s->resend_limit)
            return mqw_fail(diag, MQW_ERR_RESEND_LIMIT, 0, MQW_RULE("DL-15"));
    }
    s->timer_set = 0;
    bool marked = false;
    for (uint16_t x = s->head; x; x = flow_at(s, x)->next) {
        mqw_flight *f = flow_at(s, x);
        if (!(f->flags & FLOW_SENT) || !flow_is_publish(f->state))
            continue;
        if (!(f->flags & FLOW_NEED) && !time_before(now, f->due)) {
            f->tries++;
            f->flags |= FLOW_NEED | FLOW_RESENT;
            s->wait_re++;
            marked = true;
            f->due = now + resend_delay(s, f->tries);
        }
        /* A resend not yet taken from mqw_session_next keeps its deadline
         * (armed again when it is taken), or nothing would wake the caller
         * for it. */
        if (!s->timer_set || time_before(f->due, s->next_due)) {
            s->next_due = f->due;
            s->timer_set = 1;
        }
    }
    if (marked)
        s->cursor = s->head;
    if (wait && s->timer_set)
        *wait = time_before(now, s->next_due) ? s->next_due - now : 0;
    return MQW_OK;
}
