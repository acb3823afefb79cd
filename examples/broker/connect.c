/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * CONNECT: refuse it with the code its version has for the reason, or
 * accept it: take the session over from a connection that holds it
 * ([MQTT-3.1.4-2] 3.1.1, [MQTT-3.1.4-3] 5.0), resume it or start afresh, answer CONNACK and settle
 * the link (Keep Alive, Receive Maximum, Topic Alias Maximum) with
 * mqw_link_server.
 */
#include "broker.h"

#include <stdio.h>
#include <string.h>

static const char *version_name(int v)
{
    return v == MQW_V31 ? "3.1" : v == MQW_V311 ? "3.1.1" : "5.0";
}

/* Answer CONNACK with code3 (3.x) or code5 (5.0), none when 0, and close.
 * in->version is the level the CONNECT named, when it got that far: the
 * parser fills it before it judges anything after it (not promised by the
 * header for the codes other than the three it names; 0 otherwise, as the
 * caller zeroed the packet). */
static void refuse(conn *c, const mqw_connect *in, uint8_t code3, uint8_t code5, const char *why)
{
    uint8_t v = in->version >= MQW_V5 ? MQW_V5 : in->version == MQW_V31 ? MQW_V31 : MQW_V311;
    uint8_t code = v == MQW_V5 ? code5 : code3;
    c->version = v;
    if (code) {
        const mqw_property reason = {.id = MQW_PROP_REASON_STRING, .v.bytes = mqw_cstr(why)};
        const mqw_packet ack = {
            .type = MQW_CONNACK,
            .u.connack = {.code = code, .props = {.list = &reason, .n = v == MQW_V5}}};
        conn_send(c, &ack);
    }
    broker_log(c->b, "%s: CONNECT refused, %s 0x%02x: %s", c->peer,
               code ? "CONNACK" : "closed without", code, why);
    conn_close(c, 0, true, why);
}

void connect_handle(conn *c, const mqw_packet *p, int rc, const mqw_diag *diag)
{
    broker *b = c->b;
    if (p->type != MQW_CONNECT) { /* [MQTT-3.1.0-1] */
        broker_log(b, "%s: first packet %s, not CONNECT: closed", c->peer,
                   mqw_packet_name(p->type));
        conn_close(c, 0, true, "no CONNECT");
        return;
    }
    const mqw_connect *in = &p->u.connect;
    if (rc != MQW_OK) {
        char why[200];
        mqw_diag_format(why, sizeof why, rc, diag, MQW_DIAG_PARSE, NULL);
        /* CN-1: not MQTT at all, close. 3.x has codes for the level and
         * the identifier only; 5.0 one for each verdict. */
        uint8_t code3 = rc == MQW_ERR_PROTOCOL_VERSION ? 0x01 : rc == MQW_ERR_CLIENT_ID ? 0x02 : 0;
        refuse(c, in, code3, rc == MQW_ERR_PROTOCOL_NAME ? 0 : mqw_reason_code(rc), why);
        return;
    }
    bool v5 = in->version == MQW_V5;
    mqw_property prop;
    if (v5 && mqw_props_find(&in->props, MQW_PROP_AUTHENTICATION_METHOD, NULL)) {
        refuse(c, in, 0, 0x8C, "enhanced authentication is not supported");
        return;
    }
    c->version = in->version;

    /* An empty identifier gets one of ours: 5.0 [MQTT-3.1.3-6], 3.1.1 with
     * Clean Session 1 [MQTT-3.1.3-7] (the parser refused the others). */
    char assigned[32];
    mqw_bytes id = in->client_id;
    while (id.len == 0 || (!in->client_id.len && session_find(b, id))) {
        snprintf(assigned, sizeof assigned, "mqttwire-%llu", (unsigned long long)++b->serial);
        id = mqw_cstr(assigned);
    }
    session *s = session_find(b, id);
    if (s && s->conn) {
        conn_close(s->conn, 0x8E, false, "session taken over");
        s = session_find(b, id); /* ended with it if it was not kept */
    }
    bool present = s && !in->clean_start;
    if (s && !present)
        session_end(s);
    if (!present)
        s = session_new(b, id);
    if (!s) {
        refuse(c, in, 0x03, 0x97, "out of memory");
        return;
    }
    if (v5)
        s->expiry =
            mqw_props_find(&in->props, MQW_PROP_SESSION_EXPIRY_INTERVAL, &prop) ? prop.v.num : 0;
    else
        s->expiry = in->clean_start ? 0 : UINT32_MAX;
    c->max_out =
        v5 && mqw_props_find(&in->props, MQW_PROP_MAXIMUM_PACKET_SIZE, &prop) ? prop.v.num : 0;

    /* Our limits, the identifier we assigned, the Keep Alive we impose. */
    mqw_property props[5];
    size_t n = 0;
    if (v5) {
        props[n++] = (mqw_property){MQW_PROP_RECEIVE_MAXIMUM, {.num = BROKER_RECEIVE_MAX}};
        props[n++] = (mqw_property){MQW_PROP_MAXIMUM_PACKET_SIZE, {.num = b->max_packet}};
        props[n++] = (mqw_property){MQW_PROP_TOPIC_ALIAS_MAXIMUM, {.num = BROKER_ALIASES}};
        if (in->client_id.len == 0)
            props[n++] = (mqw_property){MQW_PROP_ASSIGNED_CLIENT_IDENTIFIER, {.bytes = id}};
        if (b->max_keep_alive && (in->keep_alive == 0 || in->keep_alive > b->max_keep_alive))
            props[n++] = (mqw_property){MQW_PROP_SERVER_KEEP_ALIVE, {.num = b->max_keep_alive}};
    }
    /* 3.1 has no Session Present (31-9). */
    const mqw_packet ack = {.type = MQW_CONNACK,
                            .u.connack = {.session_present = present && in->version != MQW_V31,
                                          .props = {.list = props, .n = n}}};
    conn_send(c, &ack);

    mqw_link link;
    mqw_link_server(&link, in, &ack.u.connack);
    /* A 3.1 CONNACK cannot say the session was kept (31-9), so
     * mqw_link_server reads "not kept" from it: say what we kept. */
    link.session_present = present;
    mqw_keepalive_init(&c->ka, MQW_ROLE_SERVER, link.keep_alive, broker_ms(b));
    mqw_alias_init(&c->alias_in, c->in_slots, BROKER_ALIASES, c->in_pool, sizeof c->in_pool);
    mqw_alias_init(&c->alias_out, c->out_slots, BROKER_ALIASES, c->out_pool, sizeof c->out_pool);
    mqw_alias_reset(&c->alias_in, v5 ? BROKER_ALIASES : 0);
    mqw_alias_reset(&c->alias_out, link.alias_max);
    c->alias_max = link.alias_max;
    c->sess = s;
    will_take(c, in);
    if (b->verbose)
        broker_log(b, "%s: connected as %.*s, MQTT %s, clean %d, keep alive %u, session %s",
                   c->peer, (int)id.len, (const char *)id.ptr, version_name(in->version),
                   in->clean_start, link.keep_alive, present ? "resumed" : "new");
    session_attach(s, c, &link);
}
