/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqtt-packet packet object -> mqw_packet, for `mqttwire encode`.
 *
 * Reads what json_out.c writes and what mqtt-packet's generator accepts,
 * with its defaults (protocolVersion 4, clean true, keepalive 0, clientId
 * "", qos 0, empty payload). Binary fields are hex strings, or Node's
 * JSON form of a Buffer ({"type": "Buffer", "data": [...]}) so that
 * JSON.stringify of a mqtt-packet object can be fed in as it is.
 *
 * This file checks that each key is one the packet object has and that
 * each value can be represented (a string where a string goes, an integer
 * that fits its field); whether the packet is allowed is the builder's
 * call, so that the tool refuses exactly what the library refuses and says
 * so with the library's error and rule. Two things it says itself, because
 * the builder's MQW_ERR_ARG would not say which field: a key no packet
 * object of that type has, and a 5.0-only field (properties, reason codes,
 * subscription options, UNSUBACK codes) with a value when building for
 * 3.x. Such a field with the value a 3.x packet means anyway (no
 * properties, reason code 0, the options of a plain or a bridge
 * subscription) is accepted, so that what decode prints encodes again.
 * Fields that mqtt-packet's generator computes or ignores are ignored:
 * length; topic and payload outside PUBLISH; retain and qos outside
 * PUBLISH, dup outside PUBLISH, PUBREL, SUBSCRIBE and UNSUBSCRIBE (where
 * the builder accepts it on 3.1 only); invalidFilters (decode's note; the
 * builder refuses such a filter).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* see tool.h */
void *arena_alloc(arena *a, size_t size)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        void **blocks = realloc(a->blocks, cap * sizeof *blocks);
        if (blocks == NULL)
            return NULL;
        a->blocks = blocks;
        a->cap = cap;
    }
    void *p = calloc(1, size ? size : 1);
    if (p != NULL)
        a->blocks[a->n++] = p;
    return p;
}

/* see tool.h */
void arena_free(arena *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->blocks[i]);
    free(a->blocks);
    a->blocks = NULL;
    a->n = a->cap = 0;
}

/* The state of one conversion: where borrowed memory goes, the version
 * being built and whether for a bridge, the packet's name, and the first
 * error (later ones are consequences). */
typedef struct reader {
    arena *a;
    int version;
    bool bridge;
    const char *cmd;
    char *err;
    size_t errlen;
    bool failed;
} reader;

static void fail(reader *r, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
}

/* A 5.0-only field whose value a 3.x packet cannot carry. */
static void not_in_v3(reader *r, const char *what)
{
    bool connect = strcmp(r->cmd, "connect") == 0;
    fail(r, "%s: MQTT 5.0 only, and this %s is built for MQTT %s (%s)", what, r->cmd,
         r->version == MQW_V31 ? "3.1" : "3.1.1",
         connect ? "give it protocolVersion 5"
                 : "encode -V 5, or after a CONNECT with protocolVersion 5");
}

/* Every key of `obj` is in one of the NULL-terminated lists `keys` and
 * `more` (NULL: none); `where` names the object, NULL for the packet. */
static void check_keys(reader *r, json_t *obj, const char *where, const char *const *keys,
                       const char *const *more)
{
    for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
        const char *key = json_object_iter_key(it);
        bool known = false;
        for (const char *const *k = keys; *k && !known; k++)
            known = strcmp(*k, key) == 0;
        for (const char *const *k = more; k && *k && !known; k++)
            known = strcmp(*k, key) == 0;
        if (known)
            continue;
        if (where)
            fail(r, "%s: unknown key \"%.40s\"", where, key);
        else
            fail(r, "unknown key \"%.40s\" (not a field of a %s packet)", key, r->cmd);
        return;
    }
}

static void *alloc(reader *r, size_t size)
{
    void *p = arena_alloc(r->a, size);
    if (p == NULL)
        fail(r, "out of memory");
    return p;
}

/* A member that is absent or null counts as not given, as in mqtt-packet. */
static json_t *member(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_null(v) ? NULL : v;
}

/* An integer 0..max; `def` when not given. */
static uint32_t get_uint(reader *r, json_t *v, const char *what, uint32_t max, uint32_t def)
{
    if (v == NULL)
        return def;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max) {
        fail(r, "%s: expected an integer 0..%lu", what, (unsigned long)max);
        return def;
    }
    return (uint32_t)json_integer_value(v);
}

/* A flag: true/false, or 0/1 (mqtt-packet's generator tests truthiness). */
static bool get_bool(reader *r, json_t *v, const char *what, bool def)
{
    if (v == NULL)
        return def;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
        return json_integer_value(v) == 1;
    fail(r, "%s: expected true or false", what);
    return def;
}

/* A UTF-8 string; the view points into the JSON value. */
static mqw_bytes get_text(reader *r, json_t *v, const char *what)
{
    mqw_bytes b = {NULL, 0};
    if (!json_is_string(v)) {
        fail(r, "%s: expected a string", what);
        return b;
    }
    b.ptr = (const uint8_t *)json_string_value(v);
    b.len = json_string_length(v);
    return b;
}

/* Binary data: hex digits, or {"type": "Buffer", "data": [bytes]}. */
static mqw_bytes get_binary(reader *r, json_t *v, const char *what)
{
    mqw_bytes b = {NULL, 0};
    if (json_is_string(v)) {
        const char *digits = json_string_value(v);
        size_t len = json_string_length(v), bad_at = 0;
        char why[80];
        uint8_t *out = alloc(r, len / 2);
        if (out == NULL)
            return b;
        if (!hex_decode(digits, len, out, &b.len, &bad_at, why, sizeof why)) {
            fail(r, "%s: %s", what, why);
            return b;
        }
        b.ptr = out;
        return b;
    }
    json_t *data = json_object_get(v, "data");
    json_t *type = json_object_get(v, "type");
    if (json_is_array(data) && json_is_string(type) &&
        strcmp(json_string_value(type), "Buffer") == 0) {
        static const char *const buffer_keys[] = {"type", "data", NULL};
        check_keys(r, v, what, buffer_keys, NULL);
        uint8_t *out = alloc(r, json_array_size(data));
        if (out == NULL)
            return b;
        for (size_t i = 0; i < json_array_size(data); i++)
            out[i] = (uint8_t)get_uint(r, json_array_get(data, i), what, 0xFF, 0);
        b.ptr = out;
        b.len = json_array_size(data);
        return b;
    }
    fail(r, "%s: expected a hex string or a Buffer object", what);
    return b;
}

/* ---- properties ------------------------------------------------------------ */

static size_t values_in(json_t *v)
{
    return json_is_array(v) ? json_array_size(v) : 1;
}

/* One value of property `id`, `what` by name, into *p. */
static void get_prop_value(reader *r, json_t *v, uint8_t id, const char *what, mqw_property *p)
{
    /* Largest value of each numeric type; a BYTE may also be a boolean,
     * as mqtt-packet writes all but one of them. */
    static const uint32_t max_of[MQW_PTYPE_PAIR + 1] = {
        [MQW_PTYPE_BYTE] = 0xFF,
        [MQW_PTYPE_U16] = 0xFFFF,
        [MQW_PTYPE_U32] = 0xFFFFFFFF,
        [MQW_PTYPE_VARINT] = 268435455,
    };
    int type = mqw_property_type(id);
    p->id = id;
    if (type == MQW_PTYPE_STRING)
        p->v.bytes = get_text(r, v, what);
    else if (type == MQW_PTYPE_BINARY)
        p->v.bytes = get_binary(r, v, what);
    else if (type == MQW_PTYPE_BYTE && json_is_boolean(v))
        p->v.num = json_is_true(v);
    else /* a number: BYTE, U16, U32, VARINT (User Property is not here) */
        p->v.num = get_uint(r, v, what, max_of[type], 0);
}

/* The number of User Properties in a userProperties value. */
static size_t user_props_count(json_t *users)
{
    if (json_is_array(users))
        return json_array_size(users);
    size_t n = 0;
    for (void *u = json_object_iter(users); u; u = json_object_iter_next(users, u))
        n += values_in(json_object_iter_value(u));
    return n;
}

/* userProperties in either form: a list of [name, value] pairs, written in
 * its order; or mqtt-packet's object, name -> value or name -> [values],
 * written name by name in the object's order, each name's values in the
 * order of its array. `where` is "properties" or "will.properties". */
static size_t get_user_props(reader *r, json_t *users, const char *where, mqw_property *out)
{
    char what[120];
    size_t n = 0;
    if (json_is_array(users)) {
        for (size_t i = 0; i < json_array_size(users); i++) {
            json_t *pair = json_array_get(users, i);
            snprintf(what, sizeof what, "%s.userProperties[%zu]", where, i);
            if (!json_is_array(pair) || json_array_size(pair) != 2) {
                fail(r, "%s: expected a [name, value] pair of strings", what);
                return n;
            }
            out[n].id = MQW_PROP_USER_PROPERTY;
            out[n].v.pair.name = get_text(r, json_array_get(pair, 0), what);
            out[n].v.pair.value = get_text(r, json_array_get(pair, 1), what);
            n++;
        }
        return n;
    }
    for (void *it = json_object_iter(users); it; it = json_object_iter_next(users, it)) {
        const char *name = json_object_iter_key(it);
        json_t *v = json_object_iter_value(it);
        snprintf(what, sizeof what, "%s.userProperties.%.40s", where, name);
        for (size_t i = 0; i < values_in(v); i++) {
            json_t *one = json_is_array(v) ? json_array_get(v, i) : v;
            out[n].id = MQW_PROP_USER_PROPERTY;
            out[n].v.pair.name.ptr = (const uint8_t *)name;
            out[n].v.pair.name.len = strlen(name);
            out[n].v.pair.value = get_text(r, one, what);
            n++;
        }
    }
    return n;
}

/* The "properties" member of `obj` (`where` names it), in the order of
 * the object: a property given as an array is written once per element,
 * the user properties as get_user_props says. */
static mqw_props get_props(reader *r, json_t *obj, const char *where)
{
    mqw_props props = {{NULL, 0}, NULL, 0};
    json_t *all = member(obj, "properties");
    if (all == NULL)
        return props;
    if (!json_is_object(all)) {
        fail(r, "%s: expected an object", where);
        return props;
    }
    size_t count = 0, given = 0;
    char what[120];
    for (void *it = json_object_iter(all); it; it = json_object_iter_next(all, it)) {
        json_t *v = json_object_iter_value(it);
        if (json_is_null(v))
            continue;
        given++;
        if (strcmp(json_object_iter_key(it), "userProperties") == 0) {
            if (!json_is_object(v) && !json_is_array(v)) {
                fail(r, "%s.userProperties: expected an object or a list of [name, value] pairs",
                     where);
                return props;
            }
            count += user_props_count(v);
        } else {
            count += values_in(v);
        }
    }
    /* An empty block (or only nulls) is what a 3.x packet has too. */
    if (given == 0)
        return props;
    if (r->version != MQW_V5) {
        not_in_v3(r, where);
        return props;
    }
    mqw_property *list = alloc(r, count * sizeof *list);
    if (list == NULL)
        return props;
    size_t n = 0;
    for (void *it = json_object_iter(all); it; it = json_object_iter_next(all, it)) {
        const char *name = json_object_iter_key(it);
        json_t *v = json_object_iter_value(it);
        if (json_is_null(v))
            continue;
        if (strcmp(name, "userProperties") == 0) {
            n += get_user_props(r, v, where, list + n);
            continue;
        }
        uint8_t id = prop_json_id(name);
        if (id == 0 || id == MQW_PROP_USER_PROPERTY) {
            fail(r, "%s: unknown property \"%.40s\"", where, name);
            return props;
        }
        snprintf(what, sizeof what, "%s.%s", where, name);
        for (size_t i = 0; i < values_in(v); i++)
            get_prop_value(r, json_is_array(v) ? json_array_get(v, i) : v, id, what, &list[n++]);
    }
    props.list = list;
    props.n = n;
    return props;
}

/* ---- lists ----------------------------------------------------------------- */

static json_t *get_array(reader *r, json_t *obj, const char *key)
{
    json_t *arr = member(obj, key);
    if (!json_is_array(arr)) {
        fail(r, "%s: expected an array", key);
        return NULL;
    }
    return arr;
}

/* "granted": one reason / return code per entry. */
static mqw_bytes get_codes(reader *r, json_t *obj)
{
    mqw_bytes codes = {NULL, 0};
    json_t *arr = get_array(r, obj, "granted");
    if (arr == NULL)
        return codes;
    uint8_t *bytes = alloc(r, json_array_size(arr));
    if (bytes == NULL)
        return codes;
    for (size_t i = 0; i < json_array_size(arr); i++)
        bytes[i] = (uint8_t)get_uint(r, json_array_get(arr, i), "granted[]", 0xFF, 0);
    codes.ptr = bytes;
    codes.len = json_array_size(arr);
    return codes;
}

/* A 5.0 subscription option: before 5.0 only the value every 3.x
 * subscription has (`implied`: a bridge's subscriptions mean No Local and
 * Retain As Published, as mqtt-packet decodes them). */
static uint32_t get_option(reader *r, json_t *js, const char *key, size_t i, uint32_t max,
                           uint32_t implied)
{
    char what[64];
    snprintf(what, sizeof what, "subscriptions[%zu].%s", i, key);
    json_t *v = member(js, key);
    uint32_t value =
        max == 1 ? get_bool(r, v, what, implied != 0) : get_uint(r, v, what, max, implied);
    if (r->version == MQW_V5)
        return value;
    if (value != implied)
        not_in_v3(r, what);
    return 0;
}

static void get_subscribe(reader *r, json_t *obj, mqw_subscribe *s)
{
    static const char *const subscription_keys[] = {"topic", "qos", "nl", "rap", "rh", NULL};
    json_t *arr = get_array(r, obj, "subscriptions");
    if (arr == NULL)
        return;
    mqw_subscription *subs = alloc(r, json_array_size(arr) * sizeof *subs);
    if (subs == NULL)
        return;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *js = json_array_get(arr, i);
        char where[40];
        snprintf(where, sizeof where, "subscriptions[%zu]", i);
        if (!json_is_object(js)) {
            fail(r, "%s: expected an object", where);
            return;
        }
        check_keys(r, js, where, subscription_keys, NULL);
        subs[i].filter = get_text(r, member(js, "topic"), "subscriptions[].topic");
        subs[i].qos = (uint8_t)get_uint(r, member(js, "qos"), "subscriptions[].qos", 0xFF, 0);
        subs[i].no_local = get_option(r, js, "nl", i, 1, r->bridge) != 0;
        subs[i].retain_as_published = get_option(r, js, "rap", i, 1, r->bridge) != 0;
        subs[i].retain_handling = (uint8_t)get_option(r, js, "rh", i, 0xFF, 0);
    }
    s->subs = subs;
    s->n = json_array_size(arr);
}

static void get_unsubscribe(reader *r, json_t *obj, mqw_unsubscribe *u)
{
    json_t *arr = get_array(r, obj, "unsubscriptions");
    if (arr == NULL)
        return;
    mqw_bytes *filters = alloc(r, json_array_size(arr) * sizeof *filters);
    if (filters == NULL)
        return;
    for (size_t i = 0; i < json_array_size(arr); i++)
        filters[i] = get_text(r, json_array_get(arr, i), "unsubscriptions[]");
    u->filters = filters;
    u->n = json_array_size(arr);
}

/* ---- packets --------------------------------------------------------------- */

static void get_connect(reader *r, json_t *obj, mqw_connect *c)
{
    r->version = (int)get_uint(r, member(obj, "protocolVersion"), "protocolVersion", 0xFF, 4);
    c->version = (uint8_t)r->version;
    c->bridge = get_bool(r, member(obj, "bridgeMode"), "bridgeMode", false);
    r->bridge = c->bridge;
    /* The builder writes the protocol name that goes with the version; a
     * different one asked for would silently not be what comes out. */
    json_t *id = member(obj, "protocolId");
    if (id != NULL) {
        const char *want = c->version == MQW_V31 ? "MQIsdp" : "MQTT";
        if (!json_is_string(id) || strcmp(json_string_value(id), want) != 0) {
            fail(r, "protocolId: protocolVersion %u is written with protocolId \"%s\"",
                 (unsigned)c->version, want);
            return;
        }
    }
    c->clean_start = get_bool(r, member(obj, "clean"), "clean", true);
    c->keep_alive = (uint16_t)get_uint(r, member(obj, "keepalive"), "keepalive", 0xFFFF, 0);
    c->props = get_props(r, obj, "properties");
    json_t *client_id = member(obj, "clientId");
    if (client_id != NULL)
        c->client_id = get_text(r, client_id, "clientId");
    json_t *will = member(obj, "will");
    if (will != NULL) {
        static const char *const will_keys[] = {"retain", "qos",     "properties",
                                                "topic",  "payload", NULL};
        if (!json_is_object(will)) {
            fail(r, "will: expected an object");
            return;
        }
        check_keys(r, will, "will", will_keys, NULL);
        c->will = true;
        c->will_retain = get_bool(r, member(will, "retain"), "will.retain", false);
        c->will_qos = (uint8_t)get_uint(r, member(will, "qos"), "will.qos", 0xFF, 0);
        c->will_props = get_props(r, will, "will.properties");
        c->will_topic = get_text(r, member(will, "topic"), "will.topic");
        json_t *payload = member(will, "payload");
        if (payload != NULL)
            c->will_payload = get_binary(r, payload, "will.payload");
    }
    json_t *username = member(obj, "username");
    if (username != NULL) {
        c->has_username = true;
        c->username = get_text(r, username, "username");
    }
    json_t *password = member(obj, "password");
    if (password != NULL) {
        c->has_password = true;
        c->password = get_binary(r, password, "password");
    }
}

static void get_publish(reader *r, json_t *obj, mqw_publish *p)
{
    p->qos = (uint8_t)get_uint(r, member(obj, "qos"), "qos", 0xFF, 0);
    p->dup = get_bool(r, member(obj, "dup"), "dup", false);
    p->retain = get_bool(r, member(obj, "retain"), "retain", false);
    p->topic = get_text(r, member(obj, "topic"), "topic");
    if (p->qos > 0)
        p->packet_id = (uint16_t)get_uint(r, member(obj, "messageId"), "messageId", 0xFFFF, 0);
    p->props = get_props(r, obj, "properties");
    json_t *payload = member(obj, "payload");
    if (payload != NULL)
        p->payload = get_binary(r, payload, "payload");
}

/* A 5.0 reason code, or a 3.x return code; each version's name first, the
 * other accepted too (the byte is the same). */
static uint8_t get_code(reader *r, json_t *obj, bool required)
{
    const char *name = r->version == MQW_V5 ? "reasonCode" : "returnCode";
    const char *other = r->version == MQW_V5 ? "returnCode" : "reasonCode";
    json_t *v = member(obj, name);
    if (v == NULL)
        v = member(obj, other);
    if (v == NULL && required)
        fail(r, "%s: missing", name);
    return (uint8_t)get_uint(r, v, name, 0xFF, 0);
}

/* The Reason Code of an ack, DISCONNECT or AUTH; before 5.0 only 0, the
 * success that every 3.x one means. */
static uint8_t get_reason(reader *r, json_t *obj)
{
    uint8_t code = get_code(r, obj, false);
    if (code != 0 && r->version != MQW_V5)
        not_in_v3(r, "reasonCode");
    return code;
}

static uint16_t get_id(reader *r, json_t *obj)
{
    return (uint16_t)get_uint(r, member(obj, "messageId"), "messageId", 0xFFFF, 0);
}

/* The keys of each packet object besides those of every packet: what
 * json_out.c writes, and returnCode / reasonCode for each other (get_code). */
static const char *const *packet_keys(int type)
{
    static const char *const connect[] = {"protocolId", "protocolVersion", "bridgeMode", "will",
                                          "clean",      "keepalive",       "properties", "clientId",
                                          "username",   "password",        NULL};
    static const char *const connack[] = {"sessionPresent", "returnCode", "reasonCode",
                                          "properties", NULL};
    static const char *const publish[] = {"messageId", "properties", NULL};
    static const char *const ack[] = {"messageId", "reasonCode", "returnCode", "properties", NULL};
    static const char *const subscribe[] = {"messageId", "subscriptions", "properties",
                                            "invalidFilters", NULL};
    static const char *const suback[] = {"messageId", "granted", "properties", NULL};
    static const char *const unsubscribe[] = {"messageId", "unsubscriptions", "properties",
                                              "invalidFilters", NULL};
    static const char *const ping[] = {NULL};
    static const char *const disconnect[] = {"reasonCode", "returnCode", "properties", NULL};
    switch (type) {
    case MQW_CONNECT:
        return connect;
    case MQW_CONNACK:
        return connack;
    case MQW_PUBLISH:
        return publish;
    case MQW_SUBSCRIBE:
        return subscribe;
    case MQW_SUBACK:
    case MQW_UNSUBACK:
        return suback;
    case MQW_UNSUBSCRIBE:
        return unsubscribe;
    case MQW_PINGREQ:
    case MQW_PINGRESP:
        return ping;
    case MQW_DISCONNECT:
    case MQW_AUTH:
        return disconnect;
    default: /* PUBACK, PUBREC, PUBREL, PUBCOMP */
        return ack;
    }
}

/* see tool.h */
bool json_to_packet(json_t *obj, mqw_packet *pkt, conn_state *st, arena *a, char *err,
                    size_t errlen)
{
    /* The fields of the fixed header that every mqtt-packet object has. */
    static const char *const header_keys[] = {"cmd",    "retain", "qos",     "dup",
                                              "length", "topic",  "payload", NULL};
    reader r = {a, st->version, st->bridge, "", err, errlen, false};
    memset(pkt, 0, sizeof *pkt);
    if (!json_is_object(obj)) {
        fail(&r, "expected a JSON object");
        return false;
    }
    json_t *cmd = member(obj, "cmd");
    if (!json_is_string(cmd) || (pkt->type = (uint8_t)cmd_json_type(json_string_value(cmd))) == 0) {
        fail(&r, "cmd: expected a packet name such as \"publish\"");
        return false;
    }
    r.cmd = cmd_json_name(pkt->type);
    check_keys(&r, obj, NULL, header_keys, packet_keys(pkt->type));
    switch (pkt->type) {
    case MQW_CONNECT:
        get_connect(&r, obj, &pkt->u.connect);
        st->version = r.version;
        st->bridge = r.bridge;
        break;
    case MQW_CONNACK:
        pkt->u.connack.session_present =
            get_bool(&r, member(obj, "sessionPresent"), "sessionPresent", false);
        pkt->u.connack.code = get_code(&r, obj, true);
        pkt->u.connack.props = get_props(&r, obj, "properties");
        break;
    case MQW_PUBLISH:
        get_publish(&r, obj, &pkt->u.publish);
        break;
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        pkt->u.ack.type = pkt->type;
        pkt->u.ack.packet_id = get_id(&r, obj);
        if (pkt->type == MQW_PUBREL)
            pkt->u.ack.dup = get_bool(&r, member(obj, "dup"), "dup", false);
        pkt->u.ack.code = get_reason(&r, obj);
        pkt->u.ack.props = get_props(&r, obj, "properties");
        break;
    case MQW_SUBSCRIBE:
        pkt->u.subscribe.packet_id = get_id(&r, obj);
        pkt->u.subscribe.dup = get_bool(&r, member(obj, "dup"), "dup", false);
        pkt->u.subscribe.props = get_props(&r, obj, "properties");
        get_subscribe(&r, obj, &pkt->u.subscribe);
        break;
    case MQW_SUBACK:
        pkt->u.suback.packet_id = get_id(&r, obj);
        pkt->u.suback.props = get_props(&r, obj, "properties");
        pkt->u.suback.codes = get_codes(&r, obj);
        break;
    case MQW_UNSUBSCRIBE:
        pkt->u.unsubscribe.packet_id = get_id(&r, obj);
        pkt->u.unsubscribe.dup = get_bool(&r, member(obj, "dup"), "dup", false);
        pkt->u.unsubscribe.props = get_props(&r, obj, "properties");
        get_unsubscribe(&r, obj, &pkt->u.unsubscribe);
        break;
    case MQW_UNSUBACK:
        pkt->u.unsuback.packet_id = get_id(&r, obj);
        pkt->u.unsuback.props = get_props(&r, obj, "properties");
        /* A 3.x UNSUBACK is the Packet Identifier alone. */
        if (r.version == MQW_V5)
            pkt->u.unsuback.codes = get_codes(&r, obj);
        else if (member(obj, "granted") != NULL && get_codes(&r, obj).len > 0)
            not_in_v3(&r, "granted");
        break;
    case MQW_DISCONNECT:
    case MQW_AUTH:
        pkt->u.disconnect.code = get_reason(&r, obj);
        pkt->u.disconnect.props = get_props(&r, obj, "properties");
        break;
    default: /* PINGREQ, PINGRESP */
        break;
    }
    return !r.failed;
}
