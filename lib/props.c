/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* MQTT 5 properties: the one table of identifiers, types, the packets that
 * may carry each, repetition and value ranges; and the decoding, validation,
 * measuring, trimming and writing that all read it (docs/rules.md sections 15, 16). */
#include "wire.h"

#if MQW_WITH_V5

#define CTX(t) (1u << (t))
#define C_WILL CTX(MQW_CTX_WILL)
#define C_CONNECT CTX(MQW_CONNECT)
#define C_CONNACK CTX(MQW_CONNACK)
#define C_PUBLISH CTX(MQW_PUBLISH)
#define C_ACKS (CTX(MQW_PUBACK) | CTX(MQW_PUBREC) | CTX(MQW_PUBREL) | CTX(MQW_PUBCOMP))
#define C_SUBSCRIBE CTX(MQW_SUBSCRIBE)
#define C_SUBACK CTX(MQW_SUBACK)
#define C_UNSUBSCRIBE CTX(MQW_UNSUBSCRIBE)
#define C_UNSUBACK CTX(MQW_UNSUBACK)
#define C_DISCONNECT CTX(MQW_DISCONNECT)
#define C_AUTH CTX(MQW_AUTH)

/* Value rules beyond the type. */
enum {
    MQW_PV_ANY,
    MQW_PV_BOOL,    /* 0 or 1 */
    MQW_PV_NONZERO, /* not 0 */
    MQW_PV_TOPIC    /* a Topic Name: no wildcards, not empty (PUB-12, PUB-13) */
};

/* The rule id a value out of range breaks, and the name, are left out of
 * the table in builds without them (MQW_NO_RULE_IDS, MQW_NO_NAMES): with
 * both, an entry is 6 bytes instead of 16 on a 32-bit target. */
typedef struct mqw_prop_def {
    uint16_t contexts;  /* CTX() bits of the packets (and Will) that may carry it */
    uint8_t type;       /* MQW_PTYPE_* */
    uint8_t value_rule; /* MQW_PV_* */
    bool repeats;       /* User Property; Subscription Identifier in PUBLISH only */
#if MQW_WITH_RULE_IDS
    const char *range_rule;
#endif
#if MQW_WITH_NAMES
    const char *name;
#endif
} mqw_prop_def;

#if MQW_WITH_RULE_IDS
#define MQW_DEF_RULE(id) , id
#define MQW_RANGE_RULE(d) ((d)->range_rule)
#else
#define MQW_DEF_RULE(id)
#define MQW_RANGE_RULE(d) ((void)(d), (const char *)NULL)
#endif

/* 5.0 Table 2-4 and the per-property sections of chapter 3. */
static const mqw_prop_def mqw_props_table[0x2B] = {
    [MQW_PROP_PAYLOAD_FORMAT_INDICATOR] = {C_PUBLISH | C_WILL, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                                           false MQW_DEF_RULE(MQW_RULE("PR-27"))
                                               MQW_NAMED("Payload Format Indicator")},
    [MQW_PROP_MESSAGE_EXPIRY_INTERVAL] = {C_PUBLISH | C_WILL, MQW_PTYPE_U32, MQW_PV_ANY,
                                          false MQW_DEF_RULE(NULL)
                                              MQW_NAMED("Message Expiry Interval")},
    [MQW_PROP_CONTENT_TYPE] = {C_PUBLISH | C_WILL, MQW_PTYPE_STRING, MQW_PV_ANY,
                               false MQW_DEF_RULE(NULL) MQW_NAMED("Content Type")},
    [MQW_PROP_RESPONSE_TOPIC] = {C_PUBLISH | C_WILL, MQW_PTYPE_STRING, MQW_PV_TOPIC,
                                 false MQW_DEF_RULE(MQW_RULE("PUB-12"))
                                     MQW_NAMED("Response Topic")},
    [MQW_PROP_CORRELATION_DATA] = {C_PUBLISH | C_WILL, MQW_PTYPE_BINARY, MQW_PV_ANY,
                                   false MQW_DEF_RULE(NULL) MQW_NAMED("Correlation Data")},
    [MQW_PROP_SUBSCRIPTION_IDENTIFIER] = {C_PUBLISH | C_SUBSCRIBE, MQW_PTYPE_VARINT, MQW_PV_NONZERO,
                                          true MQW_DEF_RULE(MQW_RULE("PR-22"))
                                              MQW_NAMED("Subscription Identifier")},
    [MQW_PROP_SESSION_EXPIRY_INTERVAL] = {C_CONNECT | C_CONNACK | C_DISCONNECT, MQW_PTYPE_U32,
                                          MQW_PV_ANY,
                                          false MQW_DEF_RULE(NULL)
                                              MQW_NAMED("Session Expiry Interval")},
    [MQW_PROP_ASSIGNED_CLIENT_IDENTIFIER] = {C_CONNACK, MQW_PTYPE_STRING, MQW_PV_ANY,
                                             false MQW_DEF_RULE(NULL)
                                                 MQW_NAMED("Assigned Client Identifier")},
    [MQW_PROP_SERVER_KEEP_ALIVE] = {C_CONNACK, MQW_PTYPE_U16, MQW_PV_ANY,
                                    false MQW_DEF_RULE(NULL) MQW_NAMED("Server Keep Alive")},
    [MQW_PROP_AUTHENTICATION_METHOD] = {C_CONNECT | C_CONNACK | C_AUTH, MQW_PTYPE_STRING,
                                        MQW_PV_ANY,
                                        false MQW_DEF_RULE(NULL)
                                            MQW_NAMED("Authentication Method")},
    [MQW_PROP_AUTHENTICATION_DATA] = {C_CONNECT | C_CONNACK | C_AUTH, MQW_PTYPE_BINARY, MQW_PV_ANY,
                                      false MQW_DEF_RULE(NULL) MQW_NAMED("Authentication Data")},
    [MQW_PROP_REQUEST_PROBLEM_INFORMATION] = {C_CONNECT, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                                              false MQW_DEF_RULE(MQW_RULE("PR-26"))
                                                  MQW_NAMED("Request Problem Information")},
    [MQW_PROP_WILL_DELAY_INTERVAL] = {C_WILL, MQW_PTYPE_U32, MQW_PV_ANY,
                                      false MQW_DEF_RULE(NULL) MQW_NAMED("Will Delay Interval")},
    [MQW_PROP_REQUEST_RESPONSE_INFORMATION] = {C_CONNECT, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                                               false MQW_DEF_RULE(MQW_RULE("PR-26"))
                                                   MQW_NAMED("Request Response Information")},
    [MQW_PROP_RESPONSE_INFORMATION] = {C_CONNACK, MQW_PTYPE_STRING, MQW_PV_ANY,
                                       false MQW_DEF_RULE(NULL) MQW_NAMED("Response Information")},
    [MQW_PROP_SERVER_REFERENCE] = {C_CONNACK | C_DISCONNECT, MQW_PTYPE_STRING, MQW_PV_ANY,
                                   false MQW_DEF_RULE(NULL) MQW_NAMED("Server Reference")},
    [MQW_PROP_REASON_STRING] = {C_CONNACK | C_ACKS | C_SUBACK | C_UNSUBACK | C_DISCONNECT | C_AUTH,
                                MQW_PTYPE_STRING, MQW_PV_ANY,
                                false MQW_DEF_RULE(NULL) MQW_NAMED("Reason String")},
    [MQW_PROP_RECEIVE_MAXIMUM] = {C_CONNECT | C_CONNACK, MQW_PTYPE_U16, MQW_PV_NONZERO,
                                  false MQW_DEF_RULE(MQW_RULE("PR-19"))
                                      MQW_NAMED("Receive Maximum")},
    [MQW_PROP_TOPIC_ALIAS_MAXIMUM] = {C_CONNECT | C_CONNACK, MQW_PTYPE_U16, MQW_PV_ANY,
                                      false MQW_DEF_RULE(NULL) MQW_NAMED("Topic Alias Maximum")},
    [MQW_PROP_TOPIC_ALIAS] = {C_PUBLISH, MQW_PTYPE_U16, MQW_PV_NONZERO,
                              false MQW_DEF_RULE(MQW_RULE("PUB-7")) MQW_NAMED("Topic Alias")},
    [MQW_PROP_MAXIMUM_QOS] = {C_CONNACK, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                              false MQW_DEF_RULE(MQW_RULE("PR-23")) MQW_NAMED("Maximum QoS")},
    [MQW_PROP_RETAIN_AVAILABLE] = {C_CONNACK, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                                   false MQW_DEF_RULE(MQW_RULE("PR-24"))
                                       MQW_NAMED("Retain Available")},
    [MQW_PROP_USER_PROPERTY] = {C_WILL | C_CONNECT | C_CONNACK | C_PUBLISH | C_ACKS | C_SUBSCRIBE |
                                    C_SUBACK | C_UNSUBSCRIBE | C_UNSUBACK | C_DISCONNECT | C_AUTH,
                                MQW_PTYPE_PAIR, MQW_PV_ANY,
                                true MQW_DEF_RULE(NULL) MQW_NAMED("User Property")},
    [MQW_PROP_MAXIMUM_PACKET_SIZE] = {C_CONNECT | C_CONNACK, MQW_PTYPE_U32, MQW_PV_NONZERO,
                                      false MQW_DEF_RULE(MQW_RULE("PR-20"))
                                          MQW_NAMED("Maximum Packet Size")},
    [MQW_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE] = {C_CONNACK, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                                                  false MQW_DEF_RULE(MQW_RULE("PR-25"))
                                                      MQW_NAMED("Wildcard Subscription Available")},
    [MQW_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE] = {C_CONNACK, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                                                    false MQW_DEF_RULE(MQW_RULE("PR-25")) MQW_NAMED(
                                                        "Subscription Identifier Available")},
    [MQW_PROP_SHARED_SUBSCRIPTION_AVAILABLE] = {C_CONNACK, MQW_PTYPE_BYTE, MQW_PV_BOOL,
                                                false MQW_DEF_RULE(MQW_RULE("PR-25"))
                                                    MQW_NAMED("Shared Subscription Available")},
};

MQW_HOT_INLINE const mqw_prop_def *mqw_prop_lookup(uint8_t id)
{
    if (id >= sizeof mqw_props_table / sizeof mqw_props_table[0])
        return NULL;
    const mqw_prop_def *d = &mqw_props_table[id];
    return d->type ? d : NULL;
}

/* Row naming "this packet may not carry that property". */
static const char *mqw_not_allowed_rule(int ctx)
{
    switch (ctx) {
    case MQW_CTX_WILL:
        return MQW_RULE("CF-23");
    case MQW_CONNECT:
        return MQW_RULE("PR-10");
    case MQW_CONNACK:
        return MQW_RULE("PR-11");
    case MQW_PUBLISH:
        return MQW_RULE("PR-12");
    case MQW_SUBSCRIBE:
        return MQW_RULE("PR-13");
    case MQW_SUBACK:
        return MQW_RULE("PR-14");
    case MQW_UNSUBSCRIBE:
        return MQW_RULE("PR-15");
    case MQW_UNSUBACK:
        return MQW_RULE("PR-16");
    case MQW_DISCONNECT:
        return MQW_RULE("PR-17");
    case MQW_AUTH:
        return MQW_RULE("PR-18");
    default:
        return MQW_RULE("ACK-6");
    }
}

/* Row naming a missing Property Length: a 3.1.1-shaped packet on 5.0. */
static const char *mqw_missing_length_rule(int ctx)
{
    switch (ctx) {
    case MQW_CTX_WILL:
        return MQW_RULE("CF-19");
    case MQW_CONNECT:
        return MQW_RULE("CF-18");
    case MQW_CONNACK:
        return MQW_RULE("CA-5");
    case MQW_PUBLISH:
        return MQW_RULE("PUB-8");
    case MQW_SUBSCRIBE:
        return MQW_RULE("SUB-11");
    case MQW_UNSUBSCRIBE:
        return MQW_RULE("US-6");
    default:
        return MQW_RULE("RL-7");
    }
}

/* Decoding one property from [p, end). */
enum { MQW_PD_OK, MQW_PD_UNKNOWN, MQW_PD_SHORT, MQW_PD_VARINT_LONG, MQW_PD_VARINT_PADDED };

/* The value of a known property whose identifier byte precedes q, into
 * *pr (pr->id is the caller's): the byte after it, or NULL when it does
 * not fit in [q, end) or (Subscription Identifier) is not a minimal
 * variable byte integer. The one decoder: the fast block check, the
 * iterator and the full reader all read values with it. */
MQW_HOT_INLINE const uint8_t *mqw_prop_value(const mqw_prop_def *d, const uint8_t *q,
                                             const uint8_t *end, mqw_property *pr)
{
    size_t left = (size_t)(end - q), bad = 0;
    int n;
    switch (d->type) {
    case MQW_PTYPE_BYTE:
        if (left < 1)
            return NULL;
        pr->v.num = q[0];
        return q + 1;
    case MQW_PTYPE_U16:
        if (left < 2)
            return NULL;
        pr->v.num = (uint32_t)q[0] << 8 | q[1];
        return q + 2;
    case MQW_PTYPE_U32:
        if (left < 4)
            return NULL;
        pr->v.num = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
        return q + 4;
    case MQW_PTYPE_VARINT:
        n = mqw_varint_decode(q, end, true, &pr->v.num, &bad);
        return n > 0 ? q + n : NULL;
    case MQW_PTYPE_PAIR:
        if (!mqw_fast_field(&q, end, &pr->v.pair.name) ||
            !mqw_fast_field(&q, end, &pr->v.pair.value))
            return NULL;
        return q;
    default: /* string, binary */
        return mqw_fast_field(&q, end, &pr->v.bytes) ? q : NULL;
    }
}

/* Decode the property at p. On MQW_PD_OK *next is the byte after it; else
 * *at is the offending byte (the start of the field that does not fit). */
static int mqw_prop_decode(const uint8_t *p, const uint8_t *end, mqw_property *out,
                           const uint8_t **next, const uint8_t **at)
{
    const uint8_t *q = p + 1;
    const mqw_prop_def *d = mqw_prop_lookup(p[0]);
    if (!d) {
        *at = p;
        return MQW_PD_UNKNOWN;
    }
    out->id = p[0];
    const uint8_t *after = mqw_prop_value(d, q, end, out);
    if (after) {
        *next = after;
        return MQW_PD_OK;
    }
    /* Why not, and where: the field that does not fit, or the bad byte of
     * a Subscription Identifier. */
    *at = q;
    if (d->type == MQW_PTYPE_VARINT) {
        uint32_t v;
        size_t bad = 0;
        int n = mqw_varint_decode(q, end, true, &v, &bad);
        if (n < 0) {
            *at = q + bad;
            return n == MQW_VARINT_LONG ? MQW_PD_VARINT_LONG : MQW_PD_VARINT_PADDED;
        }
    } else if (d->type == MQW_PTYPE_PAIR) {
        mqw_bytes name;
        const uint8_t *r = q;
        if (mqw_fast_field(&r, end, &name)) /* the name fits: the value does not */
            *at = r;
    }
    return MQW_PD_SHORT;
}

/* The error and row for a property that does not decode. `outer_end` is
 * the end of the enclosing packet: a value that would fit there but not in
 * the Property Length straddles the block's end (PR-4); one that fits in
 * neither is cut short (PR-2 fixed width, PR-3 length-prefixed). */
static int mqw_prop_decode_error(int d, const uint8_t *q, const uint8_t *outer_end,
                                 const char **rule)
{
    switch (d) {
    case MQW_PD_UNKNOWN:
        *rule = MQW_RULE("PR-1");
        return MQW_ERR_PROPERTY_ID;
    case MQW_PD_VARINT_LONG:
        *rule = MQW_RULE("PR-9");
        return MQW_ERR_VARINT;
    case MQW_PD_VARINT_PADDED:
        *rule = MQW_RULE("PR-8");
        return MQW_ERR_VARINT;
    default: {
        int type = mqw_property_type(q[0]);
        bool fixed = type != MQW_PTYPE_STRING && type != MQW_PTYPE_BINARY && type != MQW_PTYPE_PAIR;
        mqw_property wide;
        const uint8_t *next, *at;
        if (mqw_prop_decode(q, outer_end, &wide, &next, &at) == MQW_PD_OK)
            *rule = MQW_RULE("PR-4");
        else
            *rule = fixed ? MQW_RULE("PR-2") : MQW_RULE("PR-3");
        return MQW_ERR_SHORT;
    }
    }
}

/* Index of the first byte of s that breaks the UTF-8 rules (s.len when
 * none). Property strings are short and nearly always plain ASCII, which
 * the fast paths settle inline before calling the full scan. */
static size_t mqw_prop_utf8_scan(mqw_bytes s, bool strict)
{
    if (MQW_FAST_PATHS && (strict ? mqw_ascii_range(s.ptr, s.len, 0x20, 0x7E)
                                  : mqw_ascii_range(s.ptr, s.len, 0x01, 0x7F)))
        return s.len;
    return mqw_utf8_scan(s.ptr, s.len, strict);
}

/* Who sent the block, for the rules that depend on it (PUB-10, PDA-3). */
typedef struct mqw_prop_checker {
    int ctx;
    uint32_t flags;
    uint8_t sender; /* MQW_ROLE_* of the side that sends the block */
    uint64_t seen;  /* identifiers met so far (all are below 64) */
} mqw_prop_checker;

/* Check one decoded property against the table. On error *rule names the
 * row and *bad_at (when not NULL) the byte inside the value to blame. */
static int mqw_prop_check(mqw_prop_checker *k, const mqw_property *pr, const char **rule,
                          const uint8_t **bad_at)
{
    const mqw_prop_def *d = mqw_prop_lookup(pr->id);
    *bad_at = NULL;
    if (!d) {
        *rule = MQW_RULE("PR-1");
        return MQW_ERR_PROPERTY_ID;
    }
    if (!(d->contexts & CTX(k->ctx))) {
        *rule = mqw_not_allowed_rule(k->ctx);
        return MQW_ERR_PROPERTY_NOT_ALLOWED;
    }
    uint64_t bit = (uint64_t)1 << pr->id;
    bool repeats =
        d->repeats && (pr->id != MQW_PROP_SUBSCRIPTION_IDENTIFIER || k->ctx == MQW_PUBLISH);
    if ((k->seen & bit) && !repeats) {
        *rule = pr->id == MQW_PROP_SUBSCRIPTION_IDENTIFIER ? MQW_RULE("PR-7") : MQW_RULE("PR-5");
        return MQW_ERR_PROPERTY_DUPLICATE;
    }
    k->seen |= bit;

    /* [MQTT-3.3.4-6] and [MQTT-3.14.2-2]: properties one side may not send. */
    if (pr->id == MQW_PROP_SUBSCRIPTION_IDENTIFIER && k->ctx == MQW_PUBLISH &&
        k->sender == MQW_ROLE_CLIENT) {
        *rule = MQW_RULE("PUB-10");
        return MQW_ERR_PROPERTY_NOT_ALLOWED;
    }
    if (pr->id == MQW_PROP_SESSION_EXPIRY_INTERVAL && k->ctx == MQW_DISCONNECT &&
        k->sender == MQW_ROLE_SERVER) {
        *rule = MQW_RULE("PDA-3");
        return MQW_ERR_PROPERTY_NOT_ALLOWED;
    }

    bool strict = (k->flags & MQW_STRICT_UTF8) != 0;
    switch (d->type) {
    case MQW_PTYPE_BYTE:
    case MQW_PTYPE_U16:
    case MQW_PTYPE_U32:
    case MQW_PTYPE_VARINT: {
        uint32_t max = d->type == MQW_PTYPE_BYTE     ? 0xFFu
                       : d->type == MQW_PTYPE_U16    ? 0xFFFFu
                       : d->type == MQW_PTYPE_VARINT ? MQW_VARINT_MAX
                                                     : 0xFFFFFFFFu;
        bool ok = pr->v.num <= max;
        if (d->value_rule == MQW_PV_BOOL)
            ok = ok && pr->v.num <= 1;
        else if (d->value_rule == MQW_PV_NONZERO)
            ok = ok && pr->v.num != 0;
        if (!ok) {
            *rule = pr->v.num > max && d->type == MQW_PTYPE_VARINT ? MQW_RULE("PR-9")
                                                                   : MQW_RANGE_RULE(d);
            return pr->id == MQW_PROP_TOPIC_ALIAS && pr->v.num == 0 ? MQW_ERR_TOPIC_ALIAS
                                                                    : MQW_ERR_PROPERTY_VALUE;
        }
        return MQW_OK;
    }
    case MQW_PTYPE_BINARY:
        return MQW_OK;
    case MQW_PTYPE_STRING: {
        mqw_bytes s = pr->v.bytes;
        size_t bad = mqw_prop_utf8_scan(s, strict);
        if (bad != s.len) {
            *rule = MQW_RULE("STR-15");
            *bad_at = s.ptr + bad;
            return MQW_ERR_UTF8;
        }
        if (d->value_rule == MQW_PV_TOPIC && (s.len || !(k->flags & MQW_LENIENT_RESPONSE_TOPIC))) {
            /* The Response Topic is used as a Topic Name (PUB-12, PUB-13). */
            const char *topic_rule = NULL;
            size_t at = 0;
            if (mqw_topic_name_scan(s.ptr, s.len, k->flags, &at, &topic_rule)) {
                *rule = s.len ? MQW_RULE("PUB-12") : MQW_RULE("PUB-13");
                *bad_at = s.len ? s.ptr + at : NULL;
                return MQW_ERR_PROPERTY_VALUE;
            }
        }
        return MQW_OK;
    }
    default: { /* MQW_PTYPE_PAIR */
        const mqw_bytes *half[2] = {&pr->v.pair.name, &pr->v.pair.value};
        for (int h = 0; h < 2; h++) {
            size_t bad = mqw_prop_utf8_scan(*half[h], strict);
            if (bad != half[h]->len) {
                *rule = MQW_RULE("STR-16");
                *bad_at = half[h]->ptr + bad;
                return MQW_ERR_UTF8;
            }
        }
        return MQW_OK;
    }
    }
}

/* Rules about the block as a whole, checked once it has been read. */
static int mqw_props_block_check(const mqw_prop_checker *k, const char **rule)
{
    /* PR-28: Authentication Data needs an Authentication Method. */
    if (k->ctx == MQW_CONNECT && (k->seen >> MQW_PROP_AUTHENTICATION_DATA & 1) &&
        !(k->seen >> MQW_PROP_AUTHENTICATION_METHOD & 1)) {
        *rule = MQW_RULE("PR-28");
        return MQW_ERR_AUTH_METHOD;
    }
    return MQW_OK;
}

MQW_HOT_INLINE size_t mqw_prop_encoded_size(const mqw_prop_def *d, const mqw_property *pr)
{
    switch (d->type) {
    case MQW_PTYPE_BYTE:
        return 2;
    case MQW_PTYPE_U16:
        return 3;
    case MQW_PTYPE_U32:
        return 5;
    case MQW_PTYPE_VARINT:
        return 1 + mqw_varint_size(pr->v.num);
    case MQW_PTYPE_PAIR:
        return 5 + pr->v.pair.name.len + pr->v.pair.value.len;
    default:
        return 3 + pr->v.bytes.len;
    }
}

MQW_HOT_INLINE bool mqw_prop_dropped(uint8_t id, unsigned drop)
{
    /* drop is almost always 0: one test settles it. */
    return drop && ((id == MQW_PROP_REASON_STRING && (drop & MQW_DROPPED_REASON_STRING)) ||
                    (id == MQW_PROP_USER_PROPERTY && (drop & MQW_DROPPED_USER_PROPERTY)));
}

MQW_HOT_INLINE bool mqw_prop_views_ok(const mqw_prop_def *d, const mqw_property *pr)
{
    switch (d->type) {
    case MQW_PTYPE_STRING:
    case MQW_PTYPE_BINARY:
        return mqw_view_ok(pr->v.bytes);
    case MQW_PTYPE_PAIR:
        return mqw_view_ok(pr->v.pair.name) && mqw_view_ok(pr->v.pair.value);
    default:
        return true;
    }
}

static bool mqw_prop_too_long(const mqw_prop_def *d, const mqw_property *pr)
{
    int type = d->type;
    if (type == MQW_PTYPE_PAIR)
        return pr->v.pair.name.len > MQW_STRING_MAX || pr->v.pair.value.len > MQW_STRING_MAX;
    return (type == MQW_PTYPE_STRING || type == MQW_PTYPE_BINARY) &&
           pr->v.bytes.len > MQW_STRING_MAX;
}

#if MQW_FAST_PATHS
/* The fast paths' test of one property, decoded from a block or given in
 * a builder's list: allowed in `ctx`, repeated only where it may be, not
 * from the side that may not send it, its value in range and its strings
 * plain ASCII (a Response Topic a non-empty plain Topic Name), its views
 * writable (STR-10). The same rules as mqw_prop_check and
 * mqw_props_block_check, for the common case only. Its encoded size, or 0
 * (no property is that small) to leave the block to them. One switch on
 * the type settles the value and the size. */
MQW_HOT_INLINE size_t mqw_prop_plain(const mqw_prop_def *d, const mqw_property *pr, int ctx,
                                     uint8_t sender, uint64_t *seen, bool decoded)
{
    /* A decoded property's views come from 2-byte lengths inside a block:
     * writable by construction. */
#define MQW_VIEW_OK(v) (decoded || mqw_view_ok(v))
    uint8_t id = pr->id;
    uint64_t bit = (uint64_t)1 << id;
    bool repeats = d->repeats && (id != MQW_PROP_SUBSCRIPTION_IDENTIFIER || ctx == MQW_PUBLISH);
    if (!(d->contexts & CTX(ctx)) || ((*seen & bit) && !repeats) ||
        (id == MQW_PROP_SUBSCRIPTION_IDENTIFIER && ctx == MQW_PUBLISH &&
         sender == MQW_ROLE_CLIENT) ||
        (id == MQW_PROP_SESSION_EXPIRY_INTERVAL && ctx == MQW_DISCONNECT &&
         sender == MQW_ROLE_SERVER))
        return 0;
    *seen |= bit;
    uint32_t v = pr->v.num;
    bool nonzero = d->value_rule == MQW_PV_NONZERO;
    switch (d->type) {
    case MQW_PTYPE_BYTE:
        return v <= (d->value_rule == MQW_PV_BOOL ? 1u : 0xFFu) ? 2 : 0;
    case MQW_PTYPE_U16:
        return v <= 0xFFFFu && (v || !nonzero) ? 3 : 0;
    case MQW_PTYPE_U32:
        return v || !nonzero ? 5 : 0;
    case MQW_PTYPE_VARINT:
        return v <= MQW_VARINT_MAX && (v || !nonzero) ? 1 + mqw_varint_size(v) : 0;
    case MQW_PTYPE_BINARY:
        return MQW_VIEW_OK(pr->v.bytes) ? 3 + pr->v.bytes.len : 0;
    case MQW_PTYPE_STRING: {
        mqw_bytes t = pr->v.bytes;
        return MQW_VIEW_OK(t) && mqw_ascii_text(t.ptr, t.len, 0x01, 0x7F) &&
                       (d->value_rule != MQW_PV_TOPIC || (t.len && mqw_topic_plain(t.ptr, t.len)))
                   ? 3 + t.len
                   : 0;
    }
    default: { /* MQW_PTYPE_PAIR */
        mqw_bytes n = pr->v.pair.name, val = pr->v.pair.value;
        return MQW_VIEW_OK(n) && MQW_VIEW_OK(val) && mqw_ascii_text(n.ptr, n.len, 0x01, 0x7F) &&
                       mqw_ascii_text(val.ptr, val.len, 0x01, 0x7F)
                   ? 5 + n.len + val.len
                   : 0;
    }
    }
#undef MQW_VIEW_OK
}

/* PR-28, as mqw_props_block_check has it. */
static bool mqw_props_plain_block(int ctx, uint64_t seen)
{
    return ctx != MQW_CONNECT || !(seen >> MQW_PROP_AUTHENTICATION_DATA & 1) ||
           (seen >> MQW_PROP_AUTHENTICATION_METHOD & 1);
}

/* The usual property block body [q, end) in one pass (see
 * mqw_prop_plain): the number of properties, or -1 to leave the block to
 * the full reader, which also finds and places any error. For parsers
 * without options: the checks are the defaults. `sender` is the MQW_ROLE_*
 * of the side that sent the block. */
static long mqw_props_fast(const uint8_t *q, const uint8_t *end, int ctx, uint8_t sender)
{
    uint64_t seen = 0;
    long count = 0;
    for (; q < end; count++) {
        const mqw_prop_def *d = mqw_prop_lookup(*q);
        if (!d)
            return -1;
        mqw_property pr;
        pr.id = *q++;
        pr.v.pair.name.ptr = pr.v.pair.value.ptr = NULL; /* for the compiler: set below */
        pr.v.pair.name.len = pr.v.pair.value.len = 0;
        q = mqw_prop_value(d, q, end, &pr);
        if (!q || !mqw_prop_plain(d, &pr, ctx, sender, &seen, true))
            return -1;
    }
    return mqw_props_plain_block(ctx, seen) ? count : -1;
}

/* see wire.h */
const uint8_t *mqw_props_fast_block(const uint8_t *q, const uint8_t *end, int ctx,
                                    const mqw_limits *lim, mqw_props *props)
{
    uint32_t pl = 0;
    size_t bad = 0;
    int n = mqw_varint_decode(q, end, true, &pl, &bad);
    if (n <= 0 || (size_t)(end - q) - (size_t)n < pl)
        return NULL;
    const uint8_t *block = q + n;
    /* The receiver's role names the sender, as for mqw_props_read. */
    uint8_t sender = !lim                           ? MQW_ROLE_ANY
                     : lim->role == MQW_ROLE_SERVER ? MQW_ROLE_CLIENT
                     : lim->role == MQW_ROLE_CLIENT ? MQW_ROLE_SERVER
                                                    : MQW_ROLE_ANY;
    long count = pl ? mqw_props_fast(block, block + pl, ctx, sender) : 0;
    if (count < 0)
        return NULL;
    props->raw.ptr = block;
    props->raw.len = pl;
    props->list = NULL;
    props->n = (size_t)count;
    return block + pl;
}

/* A builder's list in one pass, as mqw_props_fast reads a block: the size
 * of the block body without the properties in `drop`, or -1 to leave the
 * list to the full checks. */
static long mqw_props_fast_list(const mqw_property *list, size_t n, int ctx, uint8_t role,
                                unsigned drop)
{
    uint64_t seen = 0;
    size_t total = 0;
    if (n > MQW_PROPS_N_MAX) /* RL-1, the full measure's to report */
        return -1;
    for (size_t i = 0; i < n; i++) {
        const mqw_property *pr = &list[i];
        const mqw_prop_def *d = mqw_prop_lookup(pr->id);
        size_t size = d ? mqw_prop_plain(d, pr, ctx, role, &seen, false) : 0;
        if (!size)
            return -1;
        if (!mqw_prop_dropped(pr->id, drop))
            total += size;
        /* RL-1 is the full check's to report; stopping here also keeps the
         * sum from wrapping on a 32-bit size_t (each step adds at most
         * 131,075). */
        if (total > MQW_VARINT_MAX)
            return -1;
    }
    return mqw_props_plain_block(ctx, seen) ? (long)total : -1;
}

/* see wire.h */
long mqw_props_fast_size(const mqw_props *p, int ctx, const mqw_limits *lim)
{
    if (!p->list)
        return p->raw.len ? -1 : 0;
    return mqw_props_fast_list(p->list, p->n, ctx, lim ? lim->role : MQW_ROLE_ANY, 0);
}
#endif

/* see wire.h */
void mqw_props_read(mqw_cur *c, mqw_props *out, int ctx)
{
    out->raw.ptr = NULL;
    out->raw.len = 0;
    out->list = NULL;
    out->n = 0;
    if (c->err)
        return;
    const uint8_t *pl_at = c->p;
    if (c->p >= c->end) {
        mqw_cur_short(c, mqw_missing_length_rule(ctx));
        return;
    }
    uint32_t pl = 0;
    size_t bad = 0;
    int n = mqw_varint_decode(c->p, c->end, true, &pl, &bad);
    if (n == 0) {
        mqw_cur_fail(c, MQW_ERR_SHORT, pl_at, mqw_missing_length_rule(ctx));
        return;
    }
    if (n < 0) {
        mqw_cur_fail(c, MQW_ERR_VARINT, pl_at + bad,
                     n == MQW_VARINT_LONG ? MQW_RULE("RL-1") : MQW_RULE("RL-6"));
        return;
    }
    const uint8_t *p = c->p + n;
    if ((size_t)(c->end - p) < pl) {
        mqw_cur_fail(c, MQW_ERR_SHORT, pl_at, MQW_RULE("RL-7"));
        return;
    }
    const uint8_t *end = p + pl;
    mqw_prop_checker k = {ctx, c->flags, MQW_ROLE_ANY, 0};
    if (c->role == MQW_ROLE_SERVER)
        k.sender = MQW_ROLE_CLIENT;
    else if (c->role == MQW_ROLE_CLIENT)
        k.sender = MQW_ROLE_SERVER;
#if MQW_FAST_PATHS
    if (!c->flags) {
        long fast = mqw_props_fast(p, end, ctx, k.sender);
        if (fast >= 0) {
            out->raw.ptr = p;
            out->raw.len = pl;
            out->n = (size_t)fast;
            c->p = end;
            return;
        }
    }
#endif
    size_t count = 0;
    for (const uint8_t *q = p; q < end; count++) {
        mqw_property pr;
        const uint8_t *next = q, *at = q;
        int d = mqw_prop_decode(q, end, &pr, &next, &at);
        if (d != MQW_PD_OK) {
            const char *rule = NULL;
            int err = mqw_prop_decode_error(d, q, c->end, &rule);
            /* A field with no byte inside the block is missing altogether:
             * blame the Property Length that left no room for it, never a
             * byte past the block (or past the packet). */
            mqw_cur_fail(c, err, at < end ? at : pl_at, rule);
            return;
        }
        const char *rule = NULL;
        const uint8_t *bad_at = NULL;
        int rc = mqw_prop_check(&k, &pr, &rule, &bad_at);
        if (rc) {
            mqw_cur_fail(c, rc, bad_at ? bad_at : q, rule);
            return;
        }
        q = next;
    }
    const char *rule = NULL;
    int rc = mqw_props_block_check(&k, &rule);
    if (rc) {
        mqw_cur_fail(c, rc, pl_at, rule);
        return;
    }
    out->raw.ptr = p;
    out->raw.len = pl;
    out->n = count;
    c->p = end;
}

/* see wire.h */
int mqw_props_measure(const mqw_props *p, int ctx, uint32_t flags, uint8_t role, unsigned drop,
                      mqw_diag *diag, size_t *body_len)
{
    /* A builder never emits what a default parser rejects, whatever the
     * parse-side leniency (PUB-13). */
    mqw_prop_checker k = {ctx, flags & ~(uint32_t)MQW_LENIENT_RESPONSE_TOPIC, role, 0};
    size_t total = 0;
    const char *rule = NULL;
    const uint8_t *bad_at = NULL;
    *body_len = 0;
    if (!p->list && p->raw.len && !p->raw.ptr)
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
    /* RL-1 before the walk: no more properties, and no longer a raw block,
     * than the largest block holds. */
    if (p->list ? p->n > MQW_PROPS_N_MAX : p->raw.len > MQW_VARINT_MAX)
        return mqw_fail(diag, MQW_ERR_TOO_LARGE, 0, MQW_RULE("RL-1"));
    if (p->list) {
#if MQW_FAST_PATHS
        long fast = k.flags ? -1 : mqw_props_fast_list(p->list, p->n, ctx, role, drop);
        if (fast >= 0) {
            *body_len = (size_t)fast;
            return MQW_OK;
        }
#endif
        for (size_t i = 0; i < p->n; i++) {
            const mqw_property *pr = &p->list[i];
            const mqw_prop_def *d = mqw_prop_lookup(pr->id);
            /* STR-10 for a view over 65,535 bytes; none for a NULL pointer. */
            if (d && !mqw_prop_views_ok(d, pr))
                return mqw_fail(diag, MQW_ERR_ARG, 0,
                                mqw_prop_too_long(d, pr) ? MQW_RULE("STR-10") : NULL);
            int rc = mqw_prop_check(&k, pr, &rule, &bad_at);
            if (rc)
                return mqw_fail(diag, rc, 0, rule);
            /* Saturate: past the largest block the result is refused
             * anyway, and a 32-bit size_t must not wrap on the way. */
            if (!mqw_prop_dropped(pr->id, drop) && total <= MQW_VARINT_MAX)
                total += mqw_prop_encoded_size(d, pr);
        }
    } else if (p->raw.len) {
        const uint8_t *q = p->raw.ptr, *end = q + p->raw.len;
        while (q < end) {
            mqw_property pr;
            const uint8_t *next = q, *at = q;
            int d = mqw_prop_decode(q, end, &pr, &next, &at);
            if (d != MQW_PD_OK) {
                int err = mqw_prop_decode_error(d, q, end, &rule);
                return mqw_fail(diag, err, 0, rule);
            }
            int rc = mqw_prop_check(&k, &pr, &rule, &bad_at);
            if (rc)
                return mqw_fail(diag, rc, 0, rule);
            if (!mqw_prop_dropped(pr.id, drop))
                total += (size_t)(next - q);
            q = next;
        }
    }
    int rc = mqw_props_block_check(&k, &rule);
    if (rc)
        return mqw_fail(diag, rc, 0, rule);
    if (total > MQW_VARINT_MAX)
        return mqw_fail(diag, MQW_ERR_TOO_LARGE, 0, MQW_RULE("RL-1"));
    *body_len = total;
    return MQW_OK;
}

/* Packets whose Reason String and User Properties a sender may drop to
 * respect the peer's Maximum Packet Size ([MQTT-3.2.2-19] and its kin). */
static bool mqw_ctx_trimmable(int ctx)
{
    return ctx == MQW_CONNACK || (ctx >= MQW_PUBACK && ctx <= MQW_PUBCOMP) || ctx == MQW_SUBACK ||
           ctx == MQW_UNSUBACK || ctx == MQW_DISCONNECT || ctx == MQW_AUTH;
}

static size_t mqw_packet_total(size_t rl)
{
    return 1 + mqw_varint_size(rl > MQW_VARINT_MAX ? MQW_VARINT_MAX : (uint32_t)rl) + rl;
}

/* see wire.h */
int mqw_props_fit(const mqw_props *p, int ctx, size_t fixed_rl, const mqw_limits *lim,
                  mqw_diag *diag, unsigned *drop, size_t *body_len)
{
    uint32_t flags = lim ? lim->flags : 0;
    uint8_t role = lim ? lim->role : MQW_ROLE_ANY;
    *drop = 0;
    int rc = mqw_props_measure(p, ctx, flags, role, 0, diag, body_len);
    if (rc || !lim || !lim->max_packet_size || !(flags & MQW_TRIM_TO_FIT) ||
        !mqw_ctx_trimmable(ctx))
        return rc;
    static const unsigned steps[2] = {MQW_DROPPED_REASON_STRING,
                                      MQW_DROPPED_REASON_STRING | MQW_DROPPED_USER_PROPERTY};
    for (int s = 0; s < 2; s++) {
        if (mqw_packet_total(fixed_rl + mqw_props_size(*body_len)) <= lim->max_packet_size)
            break;
        *drop = steps[s];
        rc = mqw_props_measure(p, ctx, flags, role, *drop, diag, body_len);
        if (rc)
            return rc;
    }
    if (diag)
        diag->dropped = *drop;
    return MQW_OK;
}

/* see wire.h */
uint8_t *mqw_props_write(uint8_t *w, const mqw_props *p, unsigned drop, size_t body_len)
{
    w = mqw_wr_varint(w, (uint32_t)body_len);
    if (p->list) {
        /* Locals, not p->: the byte stores through `w` could alias the
         * list, which would reload it after every one. */
        const mqw_property *list = p->list;
        size_t n = p->n;
        for (size_t i = 0; i < n; i++) {
            const mqw_property *pr = &list[i];
            if (mqw_prop_dropped(pr->id, drop))
                continue;
            *w++ = pr->id;
            switch (mqw_prop_lookup(pr->id)->type) { /* known: measured before */
            case MQW_PTYPE_BYTE:
                *w++ = (uint8_t)pr->v.num;
                break;
            case MQW_PTYPE_U16:
                w = mqw_wr_u16(w, (uint16_t)pr->v.num);
                break;
            case MQW_PTYPE_U32:
                w = mqw_wr_u32(w, pr->v.num);
                break;
            case MQW_PTYPE_VARINT:
                w = mqw_wr_varint(w, pr->v.num);
                break;
            case MQW_PTYPE_PAIR:
                w = mqw_wr_bytes(w, pr->v.pair.name);
                w = mqw_wr_bytes(w, pr->v.pair.value);
                break;
            default:
                w = mqw_wr_bytes(w, pr->v.bytes);
                break;
            }
        }
    } else if (drop == 0) {
        if (p->raw.len)
            memcpy(w, p->raw.ptr, p->raw.len);
        w += p->raw.len;
    } else {
        const uint8_t *q = p->raw.ptr, *end = q + p->raw.len;
        while (q < end) {
            mqw_property pr;
            const uint8_t *next = q, *at = q;
            (void)mqw_prop_decode(q, end, &pr, &next, &at); /* measured before */
            /* q[0] is the identifier */
            if (!mqw_prop_dropped(q[0], drop)) {
                memcpy(w, q, (size_t)(next - q));
                w += next - q;
            }
            q = next;
        }
    }
    return w;
}

/* see mqttwire.h */
void mqw_props_iter(mqw_iter *it, const mqw_props *props)
{
    it->p = props ? props->raw.ptr : NULL;
    it->end = props && props->raw.ptr ? props->raw.ptr + props->raw.len : NULL;
    it->version = MQW_V5;
    it->check_filters = false;
}

/* see mqttwire.h */
bool mqw_props_next(mqw_iter *it, mqw_property *out)
{
    if (!it->p || it->p >= it->end)
        return false;
    /* A parsed block is valid: only the value is read, with the bounds a
     * block that did not come from a parse still needs. */
    const mqw_prop_def *d = mqw_prop_lookup(it->p[0]);
    const uint8_t *next = d ? mqw_prop_value(d, it->p + 1, it->end, out) : NULL;
    if (!next) {
        it->p = it->end; /* only reached with a block that did not come from a parse */
        return false;
    }
    out->id = it->p[0];
    it->p = next;
    return true;
}

/* see mqttwire.h */
bool mqw_props_find(const mqw_props *props, uint8_t id, mqw_property *out)
{
    if (!props)
        return false;
    if (props->list) {
        for (size_t i = 0; i < props->n; i++) {
            if (props->list[i].id == id) {
                if (out)
                    *out = props->list[i];
                return true;
            }
        }
        return false;
    }
    mqw_iter it;
    mqw_property pr;
    mqw_props_iter(&it, props);
    while (mqw_props_next(&it, &pr)) {
        if (pr.id == id) {
            if (out)
                *out = pr;
            return true;
        }
    }
    return false;
}

/* see mqttwire.h */
int mqw_property_type(uint8_t id)
{
    const mqw_prop_def *d = mqw_prop_lookup(id);
    return d ? d->type : MQW_PTYPE_NONE;
}

/* see mqttwire.h */
const char *mqw_property_name(uint8_t id)
{
#if MQW_WITH_NAMES
    const mqw_prop_def *d = mqw_prop_lookup(id);
    return d ? d->name : "?";
#else
    (void)id; /* MQW_NO_NAMES */
    return "?";
#endif
}

#else /* MQW_NO_V5: no packet carries properties, so none are read or written */

void mqw_props_read(mqw_cur *c, mqw_props *out, int ctx)
{
    (void)c;
    (void)ctx;
    memset(out, 0, sizeof *out);
}

int mqw_props_measure(const mqw_props *p, int ctx, uint32_t flags, uint8_t role, unsigned drop,
                      mqw_diag *diag, size_t *body_len)
{
    (void)p, (void)ctx, (void)flags, (void)role, (void)drop, (void)diag;
    *body_len = 0;
    return MQW_OK;
}

int mqw_props_fit(const mqw_props *p, int ctx, size_t fixed_rl, const mqw_limits *lim,
                  mqw_diag *diag, unsigned *drop, size_t *body_len)
{
    (void)fixed_rl, (void)lim;
    *drop = 0;
    return mqw_props_measure(p, ctx, 0, 0, 0, diag, body_len);
}

uint8_t *mqw_props_write(uint8_t *w, const mqw_props *p, unsigned drop, size_t body_len)
{
    (void)p, (void)drop, (void)body_len;
    return w;
}

void mqw_props_iter(mqw_iter *it, const mqw_props *props)
{
    (void)props;
    it->p = it->end = NULL;
    it->version = MQW_V311;
    it->check_filters = false;
}

bool mqw_props_next(mqw_iter *it, mqw_property *out)
{
    (void)it, (void)out;
    return false;
}

bool mqw_props_find(const mqw_props *props, uint8_t id, mqw_property *out)
{
    (void)props, (void)id, (void)out;
    return false;
}

int mqw_property_type(uint8_t id)
{
    (void)id;
    return MQW_PTYPE_NONE;
}

const char *mqw_property_name(uint8_t id)
{
    (void)id;
    return "?";
}

#endif /* MQW_WITH_V5 */

#if !(MQW_WITH_V5 && MQW_FAST_PATHS)
/* see wire.h: no fast property blocks in this build */
const uint8_t *mqw_props_fast_block(const uint8_t *q, const uint8_t *end, int ctx,
                                    const mqw_limits *lim, mqw_props *props)
{
    (void)q, (void)end, (void)ctx, (void)lim, (void)props;
    return NULL;
}

/* see wire.h */
long mqw_props_fast_size(const mqw_props *p, int ctx, const mqw_limits *lim)
{
    (void)p, (void)ctx, (void)lim;
    return -1;
}
#endif
