/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Parsed packet -> the packet object of the mqtt-packet npm module.
 *
 * Field for field what mqtt-packet's parser emits, in the same key order
 * (JSON.stringify of its object and json_dumps of ours give the same text),
 * except that binary fields are hex strings where mqtt-packet has Buffers:
 *  - every packet starts with cmd, retain, qos, dup (the flag bits of the
 *    fixed header, so SUBSCRIBE says qos 1) and length (the Remaining
 *    Length), then topic and payload, which are null but for PUBLISH;
 *  - properties appear only when the block is not empty; BYTE properties
 *    other than maximumQoS are booleans; a property that occurs twice
 *    becomes an array; userProperties maps each name to its value, or to
 *    an array of values when the name repeats (or, mqttwire's own form,
 *    is a list of [name, value] pairs in the packet's order);
 *  - 5.0 acks, DISCONNECT and AUTH always carry reasonCode (0 when the
 *    packet left it out); CONNACK says returnCode on 3.x, reasonCode on 5.0;
 *  - 5.0 UNSUBACK lists its reason codes as "granted", like SUBACK;
 *  - and one addition: "invalidFilters" (see note_invalid).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* Every json_t below is made with the "_new" setters, which consume the
 * value and report a NULL one; `ok` collects those reports, so that running
 * out of memory anywhere gives a NULL packet instead of a partial one. */
static void put(json_t *obj, const char *key, json_t *value, bool *ok)
{
    if (obj == NULL || json_object_set_new(obj, key, value) != 0)
        *ok = false;
}

static void append(json_t *arr, json_t *value, bool *ok)
{
    if (arr == NULL || json_array_append_new(arr, value) != 0)
        *ok = false;
}

/* A UTF-8 string field. The parser has checked it is well-formed UTF-8
 * without U+0000, which is all jansson asks of a string. */
static json_t *text(mqw_bytes b)
{
    return json_stringn(b.len ? (const char *)b.ptr : "", b.len);
}

/* A binary field, as lowercase hex. */
static json_t *hex(mqw_bytes b)
{
    char *digits = malloc(2 * b.len + 1);
    if (digits == NULL)
        return NULL;
    hex_encode(b.ptr, b.len, digits);
    json_t *s = json_stringn(digits, 2 * b.len);
    free(digits);
    return s;
}

/* Add `value` under `key`, turning the entry into an array when the key is
 * already there (mqtt-packet's treatment of repeated properties). */
static void put_or_append(json_t *obj, const char *key, json_t *value, bool *ok)
{
    json_t *old = json_object_get(obj, key);
    if (old == NULL) {
        put(obj, key, value, ok);
    } else if (json_is_array(old)) {
        append(old, value, ok);
    } else {
        json_t *both = json_array();
        append(both, json_incref(old), ok);
        append(both, value, ok);
        put(obj, key, both, ok);
    }
}

static void put_user_property(json_t *props, const mqw_property *p, user_props_form form, bool *ok)
{
    json_t *users = json_object_get(props, "userProperties");
    if (users == NULL) {
        users = form == USER_PROPS_LIST ? json_array() : json_object();
        put(props, "userProperties", users, ok);
        if (!*ok)
            return;
    }
    if (form == USER_PROPS_LIST) {
        json_t *pair = json_array();
        append(users, pair, ok);
        append(pair, text(p->v.pair.name), ok);
        append(pair, text(p->v.pair.value), ok);
        return;
    }
    /* jansson keys are C strings; the name holds no NUL (parser checked). */
    char *name = malloc(p->v.pair.name.len + 1);
    if (name == NULL) {
        *ok = false;
        return;
    }
    if (p->v.pair.name.len)
        memcpy(name, p->v.pair.name.ptr, p->v.pair.name.len);
    name[p->v.pair.name.len] = '\0';
    put_or_append(users, name, text(p->v.pair.value), ok);
    free(name);
}

/* The "properties" object of a block; empty when the block is. */
static json_t *props_json(const mqw_props *props, user_props_form form, bool *ok)
{
    json_t *obj = json_object();
    if (obj == NULL) {
        *ok = false;
        return NULL;
    }
    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, props);
    while (*ok && mqw_props_next(&it, &p)) {
        const char *name = prop_json_name(p.id);
        json_t *value = NULL;
        switch (mqw_property_type(p.id)) {
        case MQW_PTYPE_PAIR:
            put_user_property(obj, &p, form, ok);
            continue;
        case MQW_PTYPE_STRING:
            value = text(p.v.bytes);
            break;
        case MQW_PTYPE_BINARY:
            value = hex(p.v.bytes);
            break;
        case MQW_PTYPE_BYTE:
            value = prop_json_is_bool(p.id) ? json_boolean(p.v.num != 0) : json_integer(p.v.num);
            break;
        default:
            value = json_integer(p.v.num);
            break;
        }
        /* The parser only yields identifiers of the property table, all of
         * which mqtt-packet names. */
        if (name == NULL) {
            json_decref(value);
            *ok = false;
            break;
        }
        put_or_append(obj, name, value, ok);
    }
    return obj;
}

/* mqtt-packet sets "properties" only for a non-empty block. */
static void put_props(json_t *obj, const mqw_props *props, user_props_form form, bool *ok)
{
    json_t *p = props_json(props, form, ok);
    if (p != NULL && json_object_size(p) > 0)
        put(obj, "properties", p, ok);
    else
        json_decref(p);
}

static void connect_json(json_t *o, const mqw_connect *c, conn_state *st, user_props_form form,
                         bool *ok)
{
    put(o, "protocolId", text(c->protocol_name), ok);
    put(o, "protocolVersion", json_integer(c->version), ok);
    if (c->bridge)
        put(o, "bridgeMode", json_true(), ok);
    if (c->will) {
        json_t *will = json_object();
        put(o, "will", will, ok);
        put(will, "retain", json_boolean(c->will_retain), ok);
        put(will, "qos", json_integer(c->will_qos), ok);
        if (c->version == MQW_V5)
            put_props(will, &c->will_props, form, ok);
        put(will, "topic", text(c->will_topic), ok);
        put(will, "payload", hex(c->will_payload), ok);
    }
    put(o, "clean", json_boolean(c->clean_start), ok);
    put(o, "keepalive", json_integer(c->keep_alive), ok);
    if (c->version == MQW_V5)
        put_props(o, &c->props, form, ok);
    put(o, "clientId", text(c->client_id), ok);
    if (c->has_username)
        put(o, "username", text(c->username), ok);
    if (c->has_password)
        put(o, "password", hex(c->password), ok);
    st->version = c->version;
    st->bridge = c->bridge;
}

/* The one key mqttwire adds to mqtt-packet's objects: with --flag
 * lenient-filters the parser accepts a SUBSCRIBE or UNSUBSCRIBE with a bad
 * Topic Filter and marks the filter (C-10: the receiver answers it with
 * 0x80 / 0x8F), so the JSON says which ones, by index, and only when there
 * are any. */
static void note_invalid(json_t **invalid, const mqw_subscription *sub, size_t index, bool *ok)
{
    if (sub->status == MQW_OK)
        return;
    if (*invalid == NULL && (*invalid = json_array()) == NULL)
        *ok = false;
    append(*invalid, json_integer((json_int_t)index), ok);
}

static void put_invalid(json_t *o, json_t *invalid, bool *ok)
{
    if (invalid != NULL)
        put(o, "invalidFilters", invalid, ok);
}

static void subscribe_json(json_t *o, const mqw_subscribe *s, const conn_state *st,
                           user_props_form form, bool *ok)
{
    json_t *subs = json_array(), *invalid = NULL;
    put(o, "subscriptions", subs, ok);
    mqw_iter it;
    mqw_subscription sub;
    mqw_subscribe_iter(&it, s, st->version);
    for (size_t i = 0; *ok && mqw_subscribe_next(&it, &sub); i++) {
        note_invalid(&invalid, &sub, i, ok);
        json_t *js = json_object();
        append(subs, js, ok);
        put(js, "topic", text(sub.filter), ok);
        put(js, "qos", json_integer(sub.qos), ok);
        if (st->version == MQW_V5) {
            put(js, "nl", json_boolean(sub.no_local), ok);
            put(js, "rap", json_boolean(sub.retain_as_published), ok);
            put(js, "rh", json_integer(sub.retain_handling), ok);
        } else if (st->bridge) {
            /* What a bridge means by a 3.x subscription, as mqtt-packet
             * spells it (in this order). */
            put(js, "rh", json_integer(0), ok);
            put(js, "rap", json_true(), ok);
            put(js, "nl", json_true(), ok);
        }
    }
    put(o, "messageId", json_integer(s->packet_id), ok);
    if (st->version == MQW_V5)
        put_props(o, &s->props, form, ok);
    put_invalid(o, invalid, ok);
}

static void unsubscribe_json(json_t *o, const mqw_unsubscribe *u, int version, user_props_form form,
                             bool *ok)
{
    json_t *filters = json_array(), *invalid = NULL;
    put(o, "unsubscriptions", filters, ok);
    mqw_iter it;
    mqw_subscription sub;
    mqw_unsubscribe_iter(&it, u, version);
    for (size_t i = 0; *ok && mqw_unsubscribe_next(&it, &sub); i++) {
        note_invalid(&invalid, &sub, i, ok);
        append(filters, text(sub.filter), ok);
    }
    put(o, "messageId", json_integer(u->packet_id), ok);
    if (version == MQW_V5)
        put_props(o, &u->props, form, ok);
    put_invalid(o, invalid, ok);
}

static json_t *codes_json(mqw_bytes codes, bool *ok)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < codes.len; i++)
        append(arr, json_integer(codes.ptr[i]), ok);
    return arr;
}

/* see tool.h */
json_t *packet_to_json(const mqw_packet *pkt, const mqw_frame_info *frame, conn_state *st,
                       user_props_form user_props)
{
    bool ok = true;
    int v = st->version;
    json_t *o = json_object();
    if (o == NULL || pkt->type < 1 || pkt->type > 15)
        goto fail;

    /* The flag bits as mqtt-packet reads them from any first byte; for
     * PUBLISH the parsed values (a lenient parse may have cleared DUP). */
    bool retain = frame->flags & 1, dup = frame->flags >> 3 & 1;
    int qos = frame->flags >> 1 & 3;
    if (pkt->type == MQW_PUBLISH) {
        retain = pkt->u.publish.retain;
        dup = pkt->u.publish.dup;
        qos = pkt->u.publish.qos;
    }
    put(o, "cmd", json_string(cmd_json_name(pkt->type)), &ok);
    put(o, "retain", json_boolean(retain), &ok);
    put(o, "qos", json_integer(qos), &ok);
    put(o, "dup", json_boolean(dup), &ok);
    put(o, "length", json_integer(frame->remaining), &ok);
    put(o, "topic", json_null(), &ok);
    put(o, "payload", json_null(), &ok);

    switch (pkt->type) {
    case MQW_CONNECT:
        connect_json(o, &pkt->u.connect, st, user_props, &ok);
        break;
    case MQW_CONNACK:
        put(o, "sessionPresent", json_boolean(pkt->u.connack.session_present), &ok);
        put(o, v == MQW_V5 ? "reasonCode" : "returnCode", json_integer(pkt->u.connack.code), &ok);
        if (v == MQW_V5)
            put_props(o, &pkt->u.connack.props, user_props, &ok);
        break;
    case MQW_PUBLISH:
        put(o, "topic", text(pkt->u.publish.topic), &ok);
        put(o, "payload", hex(pkt->u.publish.payload), &ok);
        if (pkt->u.publish.qos > 0)
            put(o, "messageId", json_integer(pkt->u.publish.packet_id), &ok);
        if (v == MQW_V5)
            put_props(o, &pkt->u.publish.props, user_props, &ok);
        break;
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        put(o, "messageId", json_integer(pkt->u.ack.packet_id), &ok);
        if (v == MQW_V5) {
            put(o, "reasonCode", json_integer(pkt->u.ack.code), &ok);
            put_props(o, &pkt->u.ack.props, user_props, &ok);
        }
        break;
    case MQW_SUBSCRIBE:
        subscribe_json(o, &pkt->u.subscribe, st, user_props, &ok);
        break;
    case MQW_SUBACK:
        put(o, "granted", codes_json(pkt->u.suback.codes, &ok), &ok);
        put(o, "messageId", json_integer(pkt->u.suback.packet_id), &ok);
        if (v == MQW_V5)
            put_props(o, &pkt->u.suback.props, user_props, &ok);
        break;
    case MQW_UNSUBSCRIBE:
        unsubscribe_json(o, &pkt->u.unsubscribe, v, user_props, &ok);
        break;
    case MQW_UNSUBACK:
        put(o, "messageId", json_integer(pkt->u.unsuback.packet_id), &ok);
        if (v == MQW_V5) {
            put_props(o, &pkt->u.unsuback.props, user_props, &ok);
            put(o, "granted", codes_json(pkt->u.unsuback.codes, &ok), &ok);
        }
        break;
    case MQW_DISCONNECT:
    case MQW_AUTH:
        if (v == MQW_V5) {
            put(o, "reasonCode", json_integer(pkt->u.disconnect.code), &ok);
            put_props(o, &pkt->u.disconnect.props, user_props, &ok);
        }
        break;
    default: /* PINGREQ, PINGRESP: the fixed header is all there is. */
        break;
    }
    if (ok)
        return o;
fail:
    json_decref(o);
    return NULL;
}

/* see tool.h */
json_t *error_to_json(const char *error, size_t offset, const char *rule, uint8_t reason)
{
    bool ok = true;
    json_t *o = json_object();
    put(o, "error", json_string(error), &ok);
    put(o, "offset", json_integer((json_int_t)offset), &ok);
    put(o, "rule", rule ? json_string(rule) : json_null(), &ok);
    if (reason) {
        char code[8];
        snprintf(code, sizeof code, "0x%02X", reason);
        put(o, "reason", json_string(code), &ok);
    } else {
        put(o, "reason", json_null(), &ok);
    }
    if (ok)
        return o;
    json_decref(o);
    return NULL;
}
