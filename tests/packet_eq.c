/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* see packet_eq.h */
#include "packet_eq.h"

#include <stdio.h>
#include <string.h>

/* The comparison stops at the first difference; `differs` records it. */
typedef struct cmp {
    char *msg;
    size_t cap;
    bool differs;
    int version;
} cmp;

/* see packet_eq.h */
const char *packet_eq_hex(mqw_bytes b, char *text, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return text;
    text[0] = '\0';
    for (size_t i = 0; i < b.len; i++) {
        /* Room for " XX" and a closing "..." or stop with the ellipsis. */
        if (n + 6 >= cap) {
            snprintf(text + n, cap - n, "...");
            break;
        }
        n += (size_t)snprintf(text + n, cap - n, i ? " %02X" : "%02X", b.ptr[i]);
    }
    return text;
}

static bool eq_num(cmp *c, const char *field, unsigned long want, unsigned long got)
{
    if (c->differs || want == got)
        return !c->differs;
    c->differs = true;
    if (c->cap)
        snprintf(c->msg, c->cap, "%s: want %lu (0x%lX), got %lu (0x%lX)", field, want, want, got,
                 got);
    return false;
}

static bool bytes_equal(mqw_bytes a, mqw_bytes b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static bool eq_bytes(cmp *c, const char *field, mqw_bytes want, mqw_bytes got)
{
    if (c->differs || bytes_equal(want, got))
        return !c->differs;
    c->differs = true;
    char w[120], g[120];
    if (c->cap)
        snprintf(c->msg, c->cap, "%s: want %zu bytes [%s], got %zu bytes [%s]", field, want.len,
                 packet_eq_hex(want, w, sizeof w), got.len, packet_eq_hex(got, g, sizeof g));
    return false;
}

static bool eq_fail(cmp *c, const char *text)
{
    if (!c->differs && c->cap)
        snprintf(c->msg, c->cap, "%s", text);
    c->differs = true;
    return false;
}

/* One property block in either form, walked in order. */
typedef struct prop_walk {
    const mqw_props *props;
    size_t i;
    mqw_iter it;
} prop_walk;

static void prop_walk_start(prop_walk *w, const mqw_props *props)
{
    w->props = props;
    w->i = 0;
    if (!props->list)
        mqw_props_iter(&w->it, props);
}

static bool prop_walk_next(prop_walk *w, mqw_property *out)
{
    if (w->props->list) {
        if (w->i >= w->props->n)
            return false;
        *out = w->props->list[w->i++];
        return true;
    }
    if (!mqw_props_next(&w->it, out))
        return false;
    w->i++;
    return true;
}

static void eq_props(cmp *c, const char *field, const mqw_props *want, const mqw_props *got)
{
    char at[96];
    snprintf(at, sizeof at, "%s.n", field);
    if (!eq_num(c, at, want->n, got->n))
        return;
    prop_walk ww, gw;
    prop_walk_start(&ww, want);
    prop_walk_start(&gw, got);
    for (size_t i = 0;; i++) {
        mqw_property wp, gp;
        bool more_w = prop_walk_next(&ww, &wp);
        bool more_g = prop_walk_next(&gw, &gp);
        /* A raw block must iterate to exactly the count the parser gave. */
        if (more_w != more_g || (!more_w && i != want->n)) {
            snprintf(at, sizeof at, "%s: iteration stopped after %zu properties of %zu", field, i,
                     want->n);
            eq_fail(c, at);
            return;
        }
        if (!more_w)
            return;
        snprintf(at, sizeof at, "%s[%zu].id", field, i);
        if (!eq_num(c, at, wp.id, gp.id))
            return;
        snprintf(at, sizeof at, "%s[%zu] (%s)", field, i, mqw_property_name(wp.id));
        switch (mqw_property_type(wp.id)) {
        case MQW_PTYPE_STRING:
        case MQW_PTYPE_BINARY:
            eq_bytes(c, at, wp.v.bytes, gp.v.bytes);
            break;
        case MQW_PTYPE_PAIR:
            eq_bytes(c, at, wp.v.pair.name, gp.v.pair.name);
            eq_bytes(c, at, wp.v.pair.value, gp.v.pair.value);
            break;
        default:
            eq_num(c, at, wp.v.num, gp.v.num);
            break;
        }
        if (c->differs)
            return;
    }
}

/* A SUBSCRIBE or UNSUBSCRIBE list in either form. */
typedef struct sub_walk {
    const mqw_subscription *subs;
    const mqw_bytes *filters;
    bool raw, unsubscribe;
    size_t i, n;
    mqw_iter it;
} sub_walk;

static void sub_walk_subscribe(sub_walk *w, const mqw_subscribe *s, int version)
{
    memset(w, 0, sizeof *w);
    w->n = s->n;
    w->subs = s->subs;
    w->raw = s->subs == NULL;
    if (w->raw)
        mqw_subscribe_iter(&w->it, s, version);
}

static void sub_walk_unsubscribe(sub_walk *w, const mqw_unsubscribe *u, int version)
{
    memset(w, 0, sizeof *w);
    w->unsubscribe = true;
    w->n = u->n;
    w->filters = u->filters;
    w->raw = u->filters == NULL;
    if (w->raw)
        mqw_unsubscribe_iter(&w->it, u, version);
}

static bool sub_walk_next(sub_walk *w, mqw_subscription *out)
{
    if (w->raw) {
        if (!(w->unsubscribe ? mqw_unsubscribe_next(&w->it, out) : mqw_subscribe_next(&w->it, out)))
            return false;
        w->i++;
        return true;
    }
    if (w->i >= w->n)
        return false;
    if (w->subs) {
        *out = w->subs[w->i];
    } else {
        memset(out, 0, sizeof *out);
        out->filter = w->filters[w->i];
    }
    w->i++;
    return true;
}

static void eq_subs(cmp *c, const char *field, sub_walk *want, sub_walk *got)
{
    char at[96];
    snprintf(at, sizeof at, "%s.n", field);
    if (!eq_num(c, at, want->n, got->n))
        return;
    bool filter_only = want->unsubscribe && !(want->raw && got->raw);
    for (size_t i = 0;; i++) {
        mqw_subscription ws, gs;
        bool more_w = sub_walk_next(want, &ws);
        bool more_g = sub_walk_next(got, &gs);
        if (more_w != more_g || (!more_w && i != want->n)) {
            snprintf(at, sizeof at, "%s: iteration stopped after %zu entries of %zu", field, i,
                     want->n);
            eq_fail(c, at);
            return;
        }
        if (!more_w)
            return;
        snprintf(at, sizeof at, "%s[%zu].filter", field, i);
        eq_bytes(c, at, ws.filter, gs.filter);
        if (!filter_only) {
            snprintf(at, sizeof at, "%s[%zu].qos", field, i);
            eq_num(c, at, ws.qos, gs.qos);
            snprintf(at, sizeof at, "%s[%zu].no_local", field, i);
            eq_num(c, at, ws.no_local, gs.no_local);
            snprintf(at, sizeof at, "%s[%zu].retain_as_published", field, i);
            eq_num(c, at, ws.retain_as_published, gs.retain_as_published);
            snprintf(at, sizeof at, "%s[%zu].retain_handling", field, i);
            eq_num(c, at, ws.retain_handling, gs.retain_handling);
            if (!c->differs && ws.status != gs.status) {
                snprintf(at, sizeof at, "%s[%zu].status: want %s, got %s", field, i,
                         mqw_strerror(ws.status), mqw_strerror(gs.status));
                eq_fail(c, at);
            }
        }
        if (c->differs)
            return;
    }
}

static void eq_connect(cmp *c, const mqw_connect *w, const mqw_connect *g)
{
    eq_num(c, "connect.version", w->version, g->version);
    eq_num(c, "connect.bridge", w->bridge, g->bridge);
    eq_num(c, "connect.clean_start", w->clean_start, g->clean_start);
    eq_num(c, "connect.keep_alive", w->keep_alive, g->keep_alive);
    if (w->protocol_name.ptr)
        eq_bytes(c, "connect.protocol_name", w->protocol_name, g->protocol_name);
    eq_props(c, "connect.props", &w->props, &g->props);
    eq_bytes(c, "connect.client_id", w->client_id, g->client_id);
    eq_num(c, "connect.will", w->will, g->will);
    eq_num(c, "connect.will_qos", w->will_qos, g->will_qos);
    eq_num(c, "connect.will_retain", w->will_retain, g->will_retain);
    eq_props(c, "connect.will_props", &w->will_props, &g->will_props);
    eq_bytes(c, "connect.will_topic", w->will_topic, g->will_topic);
    eq_bytes(c, "connect.will_payload", w->will_payload, g->will_payload);
    eq_num(c, "connect.has_username", w->has_username, g->has_username);
    eq_bytes(c, "connect.username", w->username, g->username);
    eq_num(c, "connect.has_password", w->has_password, g->has_password);
    eq_bytes(c, "connect.password", w->password, g->password);
}

/* see packet_eq.h */
bool packet_diff(const mqw_packet *want, const mqw_packet *got, int version, char *msg, size_t cap)
{
    cmp c = {msg, cap, false, version};
    if (cap)
        msg[0] = '\0';
    if (want->type != got->type) {
        if (cap)
            snprintf(msg, cap, "type: want %s, got %s", mqw_packet_name(want->type),
                     mqw_packet_name(got->type));
        return true;
    }
    switch (want->type) {
    case MQW_CONNECT:
        eq_connect(&c, &want->u.connect, &got->u.connect);
        break;
    case MQW_CONNACK:
        eq_num(&c, "connack.session_present", want->u.connack.session_present,
               got->u.connack.session_present);
        eq_num(&c, "connack.code", want->u.connack.code, got->u.connack.code);
        eq_props(&c, "connack.props", &want->u.connack.props, &got->u.connack.props);
        break;
    case MQW_PUBLISH: {
        const mqw_publish *w = &want->u.publish, *g = &got->u.publish;
        eq_num(&c, "publish.qos", w->qos, g->qos);
        eq_num(&c, "publish.dup", w->dup, g->dup);
        eq_num(&c, "publish.retain", w->retain, g->retain);
        eq_num(&c, "publish.packet_id", w->packet_id, g->packet_id);
        eq_bytes(&c, "publish.topic", w->topic, g->topic);
        eq_props(&c, "publish.props", &w->props, &g->props);
        eq_bytes(&c, "publish.payload", w->payload, g->payload);
        break;
    }
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP: {
        const mqw_ack *w = &want->u.ack, *g = &got->u.ack;
        if (w->type)
            eq_num(&c, "ack.type", w->type, g->type);
        eq_num(&c, "ack.dup", w->dup, g->dup);
        eq_num(&c, "ack.packet_id", w->packet_id, g->packet_id);
        eq_num(&c, "ack.code", w->code, g->code);
        eq_props(&c, "ack.props", &w->props, &g->props);
        break;
    }
    case MQW_SUBSCRIBE: {
        const mqw_subscribe *w = &want->u.subscribe, *g = &got->u.subscribe;
        eq_num(&c, "subscribe.packet_id", w->packet_id, g->packet_id);
        eq_num(&c, "subscribe.dup", w->dup, g->dup);
        eq_props(&c, "subscribe.props", &w->props, &g->props);
        sub_walk ww, gw;
        sub_walk_subscribe(&ww, w, version);
        sub_walk_subscribe(&gw, g, version);
        eq_subs(&c, "subscribe.subs", &ww, &gw);
        break;
    }
    case MQW_SUBACK:
        eq_num(&c, "suback.packet_id", want->u.suback.packet_id, got->u.suback.packet_id);
        eq_props(&c, "suback.props", &want->u.suback.props, &got->u.suback.props);
        eq_bytes(&c, "suback.codes", want->u.suback.codes, got->u.suback.codes);
        break;
    case MQW_UNSUBSCRIBE: {
        const mqw_unsubscribe *w = &want->u.unsubscribe, *g = &got->u.unsubscribe;
        eq_num(&c, "unsubscribe.packet_id", w->packet_id, g->packet_id);
        eq_num(&c, "unsubscribe.dup", w->dup, g->dup);
        eq_props(&c, "unsubscribe.props", &w->props, &g->props);
        sub_walk ww, gw;
        sub_walk_unsubscribe(&ww, w, version);
        sub_walk_unsubscribe(&gw, g, version);
        eq_subs(&c, "unsubscribe.filters", &ww, &gw);
        break;
    }
    case MQW_UNSUBACK:
        eq_num(&c, "unsuback.packet_id", want->u.unsuback.packet_id, got->u.unsuback.packet_id);
        eq_props(&c, "unsuback.props", &want->u.unsuback.props, &got->u.unsuback.props);
        eq_bytes(&c, "unsuback.codes", want->u.unsuback.codes, got->u.unsuback.codes);
        break;
    case MQW_DISCONNECT:
        eq_num(&c, "disconnect.code", want->u.disconnect.code, got->u.disconnect.code);
        eq_props(&c, "disconnect.props", &want->u.disconnect.props, &got->u.disconnect.props);
        break;
    case MQW_AUTH:
        eq_num(&c, "auth.code", want->u.auth.code, got->u.auth.code);
        eq_props(&c, "auth.props", &want->u.auth.props, &got->u.auth.props);
        break;
    default: /* PINGREQ, PINGRESP: the type is all there is */
        break;
    }
    return c.differs;
}
