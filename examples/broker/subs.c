/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Subscriptions: SUBSCRIBE and UNSUBSCRIBE of a session, and routing a
 * message to the sessions whose subscriptions match its topic. A session
 * gets one copy, at the highest QoS of its matching subscriptions
 * ([MQTT-3.3.5-1] 3.1.1, 5.0 §3.3.4) with all their Subscription Identifiers (5.0
 * [MQTT-3.3.4-4]); each 5.0 shared subscription group ($share/NAME/...)
 * gets one copy, for one of its members (4.8.2).
 */
#include "broker.h"

#include <stdlib.h>
#include <string.h>

static bool same(mqw_bytes a, mqw_bytes b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static sub **sub_find(session *s, mqw_bytes filter)
{
    sub **at = &s->subs;
    while (*at && !same((*at)->filter, filter))
        at = &(*at)->next;
    return at;
}

/* Add or replace ([MQTT-3.8.4-3]) the session's subscription to e.filter;
 * *existed says whether it was there. NULL when out of memory. */
static sub *sub_put(session *s, const mqw_subscription *e, int version, uint32_t id, bool *existed)
{
    sub **at = sub_find(s, e->filter);
    sub *u = *at;
    *existed = u != NULL;
    if (!u) {
        u = malloc(sizeof *u + e->filter.len);
        if (!u)
            return NULL;
        memcpy(u->data, e->filter.ptr, e->filter.len);
        u->filter = (mqw_bytes){u->data, e->filter.len};
        u->share = (mqw_bytes){NULL, 0};
        u->match = u->filter;
        if (version == MQW_V5)
            mqw_topic_share(u->filter, &u->share, &u->match);
        u->next = NULL;
        *at = u;
    }
    u->qos = e->qos;
    u->no_local = e->no_local;
    u->retain_as_published = e->retain_as_published;
    u->id = id;
    return u;
}

void subs_free(sub *list)
{
    while (list) {
        sub *next = list->next;
        free(list);
        list = next;
    }
}

void subs_subscribe(conn *c, const mqw_subscribe *p)
{
    session *s = c->sess;
    bool v5 = c->version == MQW_V5;
    if (p->n == 0) { /* a 3.1 SUBSCRIBE may parse without entries (31-15) */
        conn_fail(c, MQW_ERR_EMPTY, NULL, MQW_DIAG_SESSION, "SUBSCRIBE without a filter");
        return;
    }
    uint32_t id = 0;
    mqw_property prop;
    if (v5 && mqw_props_find(&p->props, MQW_PROP_SUBSCRIPTION_IDENTIFIER, &prop))
        id = prop.v.num;
    uint8_t *codes = malloc(p->n);
    const sub **retained_for = calloc(p->n, sizeof *retained_for);
    if (!codes || !retained_for) {
        free(codes);
        free(retained_for);
        conn_close(c, 0x97, false, "out of memory");
        return;
    }
    mqw_iter it;
    mqw_subscription e;
    size_t i = 0;
    mqw_subscribe_iter(&it, p, c->version);
    for (; mqw_subscribe_next(&it, &e); i++) {
        bool existed = false;
        const sub *u = e.status == MQW_OK ? sub_put(s, &e, c->version, id, &existed) : NULL;
        if (!u) {
            /* C-10: a bad filter is refused by its code; 3.1 has none. */
            codes[i] = e.status != MQW_OK && v5 ? 0x8F : 0x80;
            if (e.status != MQW_OK)
                broker_log(c->b, "%s: SUBSCRIBE filter %zu refused: %s", c->peer, i,
                           mqw_strerror(e.status));
            continue;
        }
        codes[i] = e.qos;
        /* Retain Handling 0: send; 1: only for a new subscription; 2:
         * never; shared subscriptions get none (4.8.2). */
        if (!u->share.len && (e.retain_handling == 0 || (e.retain_handling == 1 && !existed)))
            retained_for[i] = u;
    }
    const mqw_packet ack = {.type = MQW_SUBACK,
                            .u.suback = {.packet_id = p->packet_id, .codes = {codes, i}}};
    if (!conn_send(c, &ack))
        conn_fail(c, MQW_ERR_REASON_CODE, NULL, MQW_DIAG_SESSION,
                  "SUBACK refused (3.1 has no failure code)");
    else
        for (size_t k = 0; k < i; k++)
            if (retained_for[k])
                retain_send(c->b, s, retained_for[k]);
    free(codes);
    free(retained_for);
}

void subs_unsubscribe(conn *c, const mqw_unsubscribe *p)
{
    session *s = c->sess;
    uint8_t *codes = malloc(p->n ? p->n : 1);
    if (!codes) {
        conn_close(c, 0x97, false, "out of memory");
        return;
    }
    mqw_iter it;
    mqw_subscription e;
    size_t i = 0;
    mqw_unsubscribe_iter(&it, p, c->version);
    for (; mqw_unsubscribe_next(&it, &e); i++) {
        sub **at = sub_find(s, e.filter);
        codes[i] = e.status != MQW_OK ? 0x8F : *at ? 0x00 : 0x11; /* 0x11: none existed */
        if (e.status == MQW_OK && *at) {
            sub *u = *at;
            *at = u->next;
            free(u);
        }
    }
    /* 3.x UNSUBACK has no codes. */
    const mqw_packet ack = {
        .type = MQW_UNSUBACK,
        .u.unsuback = {.packet_id = p->packet_id, .codes = {codes, c->version == MQW_V5 ? i : 0}}};
    conn_send(c, &ack);
    free(codes);
}

/* Whether ordinary subscription u of session s takes message m. */
static bool takes(const session *s, const sub *u, const msg *m)
{
    return !u->share.len && !(u->no_local && s->serial == m->origin) &&
           mqw_topic_matches(u->match, m->topic);
}

/* The copy for one session: the highest QoS and every identifier of its
 * matching ordinary subscriptions. */
static void route_to(session *s, msg *m)
{
    uint8_t qos = 0;
    bool any = false, keep_retain = false;
    size_t n_ids = 0;
    for (const sub *u = s->subs; u; u = u->next) {
        if (!takes(s, u, m))
            continue;
        any = true;
        qos = u->qos > qos ? u->qos : qos;
        keep_retain |= u->retain_as_published;
        n_ids += u->id != 0;
    }
    if (!any)
        return;
    /* RETAIN 0 for an established subscription ([MQTT-3.3.1-9] 3.1.1)
     * unless Retain As Published (5.0 §3.8.3.1). */
    delivery *d = delivery_new(m, qos < m->qos ? qos : m->qos, keep_retain && m->retain, n_ids);
    if (!d)
        return;
    size_t k = 0;
    for (const sub *u = s->subs; u && k < n_ids; u = u->next)
        if (u->id && takes(s, u, m))
            d->ids[k++] = u->id;
    session_deliver(s, d);
}

typedef struct member {
    session *s;
    const sub *u; /* NULL once its group is served */
} member;

static bool in_group(const member *x, const sub *group)
{
    return x->u && same(x->u->share, group->share) && same(x->u->match, group->match);
}

/* One copy per shared group, for one member: a connected one if there is
 * one, taking turns. */
static void route_shared(broker *b, msg *m, member *all, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const sub *group = all[i].u;
        if (!group)
            continue;
        size_t count = 0, online = 0;
        for (size_t j = i; j < n; j++)
            if (in_group(&all[j], group)) {
                count++;
                online += all[j].s->conn != NULL;
            }
        size_t pick = (size_t)(b->shared_turn++ % (online ? online : count));
        member chosen = all[i];
        for (size_t j = i; j < n; j++) {
            if (!in_group(&all[j], group))
                continue;
            if ((!online || all[j].s->conn) && pick-- == 0)
                chosen = all[j];
            all[j].u = NULL;
        }
        const sub *u = chosen.u;
        delivery *d = delivery_new(m, u->qos < m->qos ? u->qos : m->qos,
                                   u->retain_as_published && m->retain, u->id ? 1 : 0);
        if (!d)
            return;
        if (u->id)
            d->ids[0] = u->id;
        session_deliver(chosen.s, d);
    }
}

void subs_publish(broker *b, msg *m)
{
    if (m->retain)
        retain_store(b, m);
    member *shared = NULL;
    size_t n_shared = 0, cap = 0;
    for (session *s = b->sessions; s; s = s->next) {
        route_to(s, m);
        for (const sub *u = s->subs; u; u = u->next) {
            if (!u->share.len || !mqw_topic_matches(u->match, m->topic))
                continue;
            if (n_shared == cap) {
                size_t grown = cap ? 2 * cap : 8;
                member *more = realloc(shared, grown * sizeof *more);
                if (!more)
                    break;
                shared = more;
                cap = grown;
            }
            shared[n_shared++] = (member){s, u};
        }
    }
    route_shared(b, m, shared, n_shared);
    free(shared);
}
