/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* CONNECT and CONNACK: parse and build (docs/rules.md sections 5, 6, 7, the
 * CONNECT/CONNACK rows of 16 and 18, and the 3.1 rows of 19). CONNECT is
 * the one packet that names its own version, so its parser reads the
 * protocol name and level before it can apply any version's rules. */
#include "wire.h"

/* Connect Flags (3.1.1 and 5.0 §3.1.2.3; 3.1 §3.1 has the same layout). */
#define MQW_CF_RESERVED 0x01u
#define MQW_CF_CLEAN 0x02u
#define MQW_CF_WILL 0x04u
#define MQW_CF_WILL_QOS_SHIFT 3
#define MQW_CF_WILL_QOS 0x18u
#define MQW_CF_WILL_RETAIN 0x20u
#define MQW_CF_PASSWORD 0x40u
#define MQW_CF_USERNAME 0x80u

/* Protocol level bit set by mosquitto bridges ("try_private", CN-6). */
#define MQW_LEVEL_BRIDGE 0x80u

/* Longest Client Identifier a 3.1 server must take (31-2). */
#define MQW_V31_CLIENT_ID_MAX 23u

/* CONNACK Connect Acknowledge Flags: only Session Present is defined. */
#define MQW_CONNACK_SESSION_PRESENT 0x01u

/* Highest 3.x CONNACK return code with a meaning (CA-3). */
#define MQW_CONNACK_CODE_MAX_V3 5u

static const uint8_t mqw_name_mqtt[4] = {'M', 'Q', 'T', 'T'};
static const uint8_t mqw_name_mqisdp[6] = {'M', 'Q', 'I', 's', 'd', 'p'};

static bool mqw_bytes_is(mqw_bytes b, const uint8_t *lit, size_t n)
{
    return b.len == n && memcmp(b.ptr, lit, n) == 0;
}

/* ---- CONNECT: parse ---------------------------------------------------- */

/* Section 5: the version named by the protocol name and level byte.
 * Returns the version, or 0 after failing the cursor; out->protocol_name,
 * out->version (level without the bridge bit) and out->bridge are set
 * either way so the caller can answer with a CONNACK (C-7, C-8). */
static int mqw_connect_protocol(mqw_cur *c, mqw_connect *out, const uint8_t *name_at,
                                const uint8_t *level_at, uint8_t level_byte)
{
    bool is_mqtt = mqw_bytes_is(out->protocol_name, mqw_name_mqtt, sizeof mqw_name_mqtt);
    bool is_mqisdp = mqw_bytes_is(out->protocol_name, mqw_name_mqisdp, sizeof mqw_name_mqisdp);
    uint8_t level = (uint8_t)(level_byte & ~MQW_LEVEL_BRIDGE);

    out->version = level;
    out->bridge = (level_byte & MQW_LEVEL_BRIDGE) != 0;

    /* CN-1: exact, case-sensitive bytes; anything else is another protocol. */
    if (!is_mqtt && !is_mqisdp) {
        mqw_cur_fail(c, MQW_ERR_PROTOCOL_NAME, name_at, MQW_RULE("CN-1"));
        return 0;
    }
    /* CN-6: the bridge bit is a mosquitto extension, off unless asked for. */
    if (out->bridge && !(c->flags & MQW_ALLOW_BRIDGE)) {
        mqw_cur_fail(c, MQW_ERR_PROTOCOL_VERSION, level_at, MQW_RULE("CN-6"));
        return 0;
    }
    if (is_mqisdp) {
        if (level != MQW_V31) { /* CN-4: "MQIsdp" pairs only with 3 */
            mqw_cur_fail(c, MQW_ERR_PROTOCOL_VERSION, level_at, MQW_RULE("CN-4"));
            return 0;
        }
        if (!MQW_WITH_V31) { /* CN-3: a level this build leaves out */
            mqw_cur_fail(c, MQW_ERR_PROTOCOL_VERSION, level_at, MQW_RULE("CN-3"));
            return 0;
        }
    } else if (level == MQW_V31) { /* CN-2: "MQTT" never pairs with 3 */
        mqw_cur_fail(c, MQW_ERR_PROTOCOL_VERSION, level_at, MQW_RULE("CN-2"));
        return 0;
    } else if (!mqw_version_ok(level)) { /* CN-3, or a level this build leaves out */
        mqw_cur_fail(c, MQW_ERR_PROTOCOL_VERSION, level_at, MQW_RULE("CN-3"));
        return 0;
    }
    /* CN-6: bridges predate 5.0; a bridged 5.0 level is no known protocol. */
    if (out->bridge && MQW_IS_V5(level)) {
        mqw_cur_fail(c, MQW_ERR_PROTOCOL_VERSION, level_at, MQW_RULE("CN-6"));
        return 0;
    }
    return level;
}

/* The fixed header was checked before the version was known: finish the
 * checks that depend on it (FH-1, 31-14, and RL-2 for 5.0). */
static void mqw_connect_header(mqw_cur *c, const mqw_frame_info *fi, int version)
{
    /* RL-2: the framing honoured MQW_LENIENT_VARINT, which only 3.x may use;
     * a padded Remaining Length ends with its 0x00 byte. */
    if (MQW_IS_V5(version) && fi->header_len != 1 + mqw_varint_size(fi->remaining)) {
        mqw_cur_fail(c, MQW_ERR_VARINT, c->base + fi->header_len - 1, MQW_RULE("RL-2"));
        return;
    }
    if (fi->flags == 0)
        return;
    if (!MQW_IS_V31(version))
        mqw_cur_fail(c, MQW_ERR_FLAGS, c->base, MQW_RULE("FH-1"));
    else if (c->flags & MQW_STRICT_V31) /* 31-14: 'not used' bits, ignored by default (C-19) */
        mqw_cur_fail(c, MQW_ERR_FLAGS, c->base, MQW_RULE("31-14"));
}

/* The Connect Flags byte, field by field, as received (the parsers then
 * judge it). */
static inline void mqw_connect_flags_decode(mqw_connect *out, unsigned cf)
{
    out->clean_start = (cf & MQW_CF_CLEAN) != 0;
    out->will = (cf & MQW_CF_WILL) != 0;
    out->will_qos = (uint8_t)((cf & MQW_CF_WILL_QOS) >> MQW_CF_WILL_QOS_SHIFT);
    out->will_retain = (cf & MQW_CF_WILL_RETAIN) != 0;
    out->has_username = (cf & MQW_CF_USERNAME) != 0;
    out->has_password = (cf & MQW_CF_PASSWORD) != 0;
}

/* The Connect Flags byte at `at` (section 6). On 3.1 the bits that 3.1.1
 * constrained are ignored unless MQW_STRICT_V31 (31-4, C-19), and the Will
 * QoS / Retain of a packet without a Will are reported as 0. */
static void mqw_connect_flags(mqw_cur *c, mqw_connect *out, const uint8_t *at, uint8_t cf,
                              int version)
{
    bool v31 = MQW_IS_V31(version);
    bool strict_v31 = v31 && (c->flags & MQW_STRICT_V31);

    mqw_connect_flags_decode(out, cf);

    if (cf & MQW_CF_RESERVED) {
        if (!v31)
            mqw_cur_fail(c, MQW_ERR_RESERVED, at, MQW_RULE("CF-1"));
        else if (strict_v31)
            mqw_cur_fail(c, MQW_ERR_RESERVED, at, MQW_RULE("31-4"));
    }
    if (!out->will) {
        if (v31 && !strict_v31) {
            out->will_qos = 0; /* 31-4: not constrained, so not meaningful */
            out->will_retain = false;
        } else if (out->will_qos != 0) {
            mqw_cur_fail(c, MQW_ERR_CONNECT_FLAGS, at, v31 ? MQW_RULE("31-4") : MQW_RULE("CF-2"));
        } else if (out->will_retain) {
            mqw_cur_fail(c, MQW_ERR_CONNECT_FLAGS, at, v31 ? MQW_RULE("31-4") : MQW_RULE("CF-3"));
        }
    } else if (out->will_qos == 3) {
        mqw_cur_fail(c, MQW_ERR_QOS, at, MQW_RULE("CF-4")); /* every version (3.1*) */
    }
    /* CF-11 / 31-7: no password without a user name before 5.0 (CF-12). */
    if (out->has_password && !out->has_username && !MQW_IS_V5(version))
        mqw_cur_fail(c, MQW_ERR_CONNECT_FLAGS, at, v31 ? MQW_RULE("31-7") : MQW_RULE("CF-11"));
}

/* CF-20, CF-21: the Will Topic becomes a Topic Name when the Will is
 * published, so it must be one (C-12: on unless MQW_LENIENT_WILL_TOPIC). */
static void mqw_will_topic_check(mqw_cur *c, const uint8_t *len_at, mqw_bytes topic)
{
    if (c->err || (c->flags & MQW_LENIENT_WILL_TOPIC))
        return;
    if (topic.len == 0) {
        mqw_cur_fail(c, MQW_ERR_TOPIC_NAME, len_at, MQW_RULE("CF-21"));
        return;
    }
    /* mqw_rd_string has checked the UTF-8 with the same strictness, so
     * only the wildcard rule is left to fire here. */
    size_t bad = 0;
    const char *rule = NULL;
    int rc = mqw_topic_name_scan(topic.ptr, topic.len, c->flags, &bad, &rule);
    if (rc)
        mqw_cur_fail(c, rc, topic.ptr + bad, MQW_RULE("CF-20"));
}

/* The Client Identifier refusals that a server answers with CONNACK 0x02 /
 * 0x85 (C-9): the packet is well-formed and `out` is complete. */
static int mqw_client_id_policy(const mqw_connect *out, size_t id_at, mqw_diag *diag)
{
    size_t n = out->client_id.len;
    if (out->version == MQW_V311 && n == 0 && !out->clean_start)
        return mqw_fail(diag, MQW_ERR_CLIENT_ID, id_at, MQW_RULE("CF-16"));
    if (MQW_IS_V31(out->version) && n == 0)
        return mqw_fail(diag, MQW_ERR_CLIENT_ID, id_at, MQW_RULE("31-3"));
    if (MQW_IS_V31(out->version) && n > MQW_V31_CLIENT_ID_MAX)
        return mqw_fail(diag, MQW_ERR_CLIENT_ID, id_at, MQW_RULE("31-2"));
    return MQW_OK;
}

/* A plain-ASCII field: valid UTF-8 without NUL (STR-11, STR-13). */
MQW_HOT_INLINE bool mqw_fast_text(mqw_bytes s)
{
    if (s.len > MQW_STRING_MAX || !s.ptr)
        return false;
    return mqw_ascii_text(s.ptr, s.len, 0x01, 0x7F);
}

static int mqw_connect_body_full(const uint8_t *buf, const mqw_frame_info *fi, mqw_connect *out,
                                 const mqw_limits *lim, mqw_diag *diag);

/* The usual CONNECT in straight line (see MQW_FAST_PATHS): MQTT 3.1.1 or
 * 5.0, every string plain ASCII, properties as mqw_props_fast_block takes
 * them, under no option but a size limit. True with `out` set when the
 * packet is valid this way; false leaves the packet to the full body,
 * which also finds and places any error. The framing (with the rules
 * every version shares) has checked the rest of the fixed header. */
MQW_HOT_INLINE bool mqw_connect_body_fast(const uint8_t *buf, const mqw_frame_info *fi,
                                          mqw_connect *out, const mqw_limits *lim)
{
    static const uint8_t head[6] = {0, 4, 'M', 'Q', 'T', 'T'};
    const uint8_t *p = buf + fi->header_len, *end = buf + fi->total_len;
    /* FH-1: the flag nibble 0000. CN-1..CN-4: "MQTT" and level 4 or 5
     * (RL-2: without an option the framing took only a minimal Remaining
     * Length), no bridge bit. */
    if (!MQW_FAST_PATHS || (lim && lim->flags) || fi->flags || end - p < 10 ||
        memcmp(p, head, sizeof head) != 0 || (p[6] != MQW_V311 && !MQW_IS_V5(p[6])))
        return false;
    bool v5 = MQW_IS_V5(p[6]);
    unsigned cf = p[7];
    /* CF-1 (reserved), CF-2 / CF-3 (Will QoS and Retain only with a Will),
     * CF-4 (Will QoS 3), CF-11 (before 5.0 a password needs a user name). */
    if ((cf & MQW_CF_RESERVED) ||
        (!(cf & MQW_CF_WILL) && (cf & (MQW_CF_WILL_QOS | MQW_CF_WILL_RETAIN))) ||
        (cf & MQW_CF_WILL_QOS) == MQW_CF_WILL_QOS ||
        (!v5 && (cf & (MQW_CF_PASSWORD | MQW_CF_USERNAME)) == MQW_CF_PASSWORD))
        return false;
    memset(out, 0, sizeof *out);
    out->version = p[6];
    out->protocol_name.ptr = p + 2;
    out->protocol_name.len = 4;
    mqw_connect_flags_decode(out, cf);
    out->keep_alive = (uint16_t)(p[8] << 8 | p[9]);
    p += 10;
    /* CF-18: a Property Length, then the block. */
    if (v5 && !(p = mqw_props_fast_block(p, end, MQW_CONNECT, lim, &out->props)))
        return false;
    /* CF-13, STR-11 (ASCII without NUL is valid UTF-8), CF-16 (3.1.1: an
     * empty client id needs a clean session). */
    if (!mqw_fast_field(&p, end, &out->client_id) || !mqw_fast_text(out->client_id) ||
        (!v5 && out->client_id.len == 0 && !out->clean_start))
        return false;
    /* CF-5, CF-20, CF-21: the Will Topic a non-empty plain Topic Name. */
    if (out->will &&
        ((v5 && !(p = mqw_props_fast_block(p, end, MQW_CTX_WILL, lim, &out->will_props))) ||
         !mqw_fast_field(&p, end, &out->will_topic) || !out->will_topic.len ||
         !mqw_topic_plain(out->will_topic.ptr, out->will_topic.len) ||
         !mqw_fast_field(&p, end, &out->will_payload)))
        return false;
    /* CF-7, STR-13; CF-9. */
    if (out->has_username &&
        (!mqw_fast_field(&p, end, &out->username) || !mqw_fast_text(out->username)))
        return false;
    if (out->has_password && !mqw_fast_field(&p, end, &out->password))
        return false;
    return p == end; /* TB-1 */
}

/* Every CONNECT mqw_connect_parse does not settle inline: the full
 * framing step, then the body (same arguments: the inline path jumps
 * here). */
static MQW_NOINLINE int mqw_connect_parse_full(const uint8_t *buf, size_t len, mqw_connect *out,
                                               const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    /* The version is not known yet: frame as 3.1.1, whose fixed-header
     * rules every version shares for CONNECT (the flag nibble and the 5.0
     * RL-2 rule wait for mqw_connect_header). */
    int rc = mqw_frame_full_step(buf, len, MQW_CONNECT, MQW_V311, lim, diag, used, &fi);
    if (rc)
        return rc;
    rc = mqw_connect_body_fast(buf, &fi, out, lim)
             ? MQW_OK
             : mqw_connect_body_full(buf, &fi, out, lim, diag);
    /* MQW_ERR_CLIENT_ID comes from a whole, well-formed packet. */
    if ((rc == MQW_OK || rc == MQW_ERR_CLIENT_ID) && used)
        *used = fi.total_len;
    return rc;
}

/* see mqttwire.h */
int mqw_connect_parse(const uint8_t *buf, size_t len, mqw_connect *out, const mqw_limits *lim,
                      mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (out && mqw_frame_plain(buf, len, MQW_CONNECT, MQW_V311, lim, &fi) &&
        mqw_connect_body_fast(buf, &fi, out, lim)) {
        mqw_diag_clear(diag);
        return mqw_parsed(MQW_OK, &fi, used);
    }
    return mqw_connect_parse_full(buf, len, out, lim, diag, used);
}

/* The whole body parser: every version, every rule. */
static MQW_NOINLINE int mqw_connect_body_full(const uint8_t *buf, const mqw_frame_info *fi,
                                              mqw_connect *out, const mqw_limits *lim,
                                              mqw_diag *diag)
{
    mqw_cur c;
    mqw_cur_open(&c, buf, fi, lim, MQW_V311);
    memset(out, 0, sizeof *out);

    const uint8_t *name_at = c.p;
    out->protocol_name = mqw_rd_bytes(&c, MQW_RULE("CN-5"));
    const uint8_t *level_at = c.p;
    uint8_t level_byte = mqw_rd_u8(&c, MQW_RULE("CN-5"));
    int version = c.err ? 0 : mqw_connect_protocol(&c, out, name_at, level_at, level_byte);
    if (c.err)
        return mqw_finish(&c, true, MQW_RULE("TB-1"), diag);
    c.version = (uint8_t)version;
    mqw_connect_header(&c, fi, version);

    const uint8_t *flags_at = c.p;
    uint8_t cf = mqw_rd_u8(&c, MQW_RULE("RL-8"));
    if (!c.err)
        mqw_connect_flags(&c, out, flags_at, cf, version);
    out->keep_alive = mqw_rd_u16(&c, MQW_RULE("RL-8"));
    if (MQW_IS_V5(version)) /* CF-18: props.c blames a missing Property Length */
        mqw_props_read(&c, &out->props, MQW_CONNECT);

    /* CF-14: payload fields in their fixed order. */
    const uint8_t *id_at = c.p;
    out->client_id = mqw_rd_string(&c, MQW_RULE("CF-13"), MQW_RULE("STR-11"));
    if (out->will) {
        if (MQW_IS_V5(version)) /* CF-19, CF-23 (props.c) */
            mqw_props_read(&c, &out->will_props, MQW_CTX_WILL);
        const uint8_t *topic_at = c.p;
        out->will_topic = mqw_rd_string(&c, MQW_RULE("CF-5"), MQW_RULE("STR-12"));
        mqw_will_topic_check(&c, topic_at, out->will_topic);
        out->will_payload = mqw_rd_bytes(&c, MQW_RULE("CF-5")); /* STR-18: binary */
    }
    if (out->has_username) {
        if (MQW_IS_V31(version) && c.p == c.end)
            out->has_username = false; /* 31-5: the Remaining Length wins */
        else
            out->username = mqw_rd_string(&c, MQW_RULE("CF-7"), MQW_RULE("STR-13"));
    }
    if (out->has_password) {
        if (MQW_IS_V31(version) && c.p == c.end)
            out->has_password = false; /* 31-6 */
        else
            out->password = mqw_rd_bytes(&c, MQW_RULE("CF-9")); /* STR-17: binary */
    }

    /* TB-1 (CF-6, CF-8, CF-10): nothing after the last field the flags select. */
    int rc = mqw_finish(&c, true, MQW_RULE("TB-1"), diag);
    if (rc)
        return rc;
    return mqw_client_id_policy(out, mqw_cur_off(&c, id_at), diag);
}

/* ---- CONNECT: build ---------------------------------------------------- */

static bool mqw_utf8_ok(mqw_bytes s, uint32_t flags)
{
    return mqw_utf8_scan(s.ptr, s.len, (flags & MQW_STRICT_UTF8) != 0) == s.len;
}

/* Every refusal of mqw_connect_build except the property tables, with the
 * code the parser would give for the same packet. */
static int mqw_connect_check(const mqw_connect *in, uint32_t flags, const char **rule)
{
    int version = in->version;
    bool v31 = MQW_IS_V31(version);

    /* CN-6: only for the levels bridges use, and only when asked for. */
    if (in->bridge && (!(flags & MQW_ALLOW_BRIDGE) || MQW_IS_V5(version))) {
        *rule = MQW_RULE("CN-6");
        return MQW_ERR_ARG;
    }
    /* 31-16: properties exist only in 5.0. */
    if (!MQW_IS_V5(version) &&
        (!mqw_props_empty(&in->props) || !mqw_props_empty(&in->will_props))) {
        *rule = v31 ? MQW_RULE("31-16") : NULL;
        return MQW_ERR_ARG;
    }
    if (in->will) {
        if (in->will_qos > 2) {
            *rule = MQW_RULE("CF-4");
            return MQW_ERR_QOS;
        }
    } else {
        if (in->will_qos != 0) {
            *rule = v31 ? MQW_RULE("31-4") : MQW_RULE("CF-2");
            return MQW_ERR_CONNECT_FLAGS;
        }
        if (in->will_retain) {
            *rule = v31 ? MQW_RULE("31-4") : MQW_RULE("CF-3");
            return MQW_ERR_CONNECT_FLAGS;
        }
        /* CF-6: no Will, no Will fields; writing them would be surplus and
         * dropping them would lose what the caller asked for. */
        if (in->will_topic.len || in->will_payload.len || !mqw_props_empty(&in->will_props)) {
            *rule = MQW_RULE("CF-6");
            return MQW_ERR_ARG;
        }
    }
    if (!in->has_username && in->username.len) { /* CF-8 */
        *rule = MQW_RULE("CF-8");
        return MQW_ERR_ARG;
    }
    if (!in->has_password && in->password.len) { /* CF-10 */
        *rule = MQW_RULE("CF-10");
        return MQW_ERR_ARG;
    }
    if (in->has_password && !in->has_username && !MQW_IS_V5(version)) {
        *rule = v31 ? MQW_RULE("31-7") : MQW_RULE("CF-11");
        return MQW_ERR_CONNECT_FLAGS;
    }

    /* STR-10: each field fits its 2-byte length. */
    if (!mqw_view_ok(in->client_id) || !mqw_view_ok(in->will_topic) ||
        !mqw_view_ok(in->will_payload) || !mqw_view_ok(in->username) ||
        !mqw_view_ok(in->password)) {
        *rule = MQW_RULE("STR-10");
        return MQW_ERR_ARG;
    }
    if (!mqw_utf8_ok(in->client_id, flags)) {
        *rule = MQW_RULE("STR-11");
        return MQW_ERR_UTF8;
    }
    if (in->will) {
        /* CF-21, CF-20: refused whatever MQW_LENIENT_WILL_TOPIC says, since
         * a conforming parser rejects them by default. */
        size_t bad = 0;
        const char *topic_rule = NULL;
        int rc = in->will_topic.len == 0
                     ? MQW_ERR_TOPIC_NAME
                     : mqw_topic_name_scan(in->will_topic.ptr, in->will_topic.len, flags, &bad,
                                           &topic_rule);
        if (rc == MQW_ERR_UTF8) {
            *rule = MQW_RULE("STR-12");
            return rc;
        }
        if (rc) {
            *rule = in->will_topic.len == 0 ? MQW_RULE("CF-21") : MQW_RULE("CF-20");
            return rc;
        }
    }
    if (in->has_username && !mqw_utf8_ok(in->username, flags)) {
        *rule = MQW_RULE("STR-13");
        return MQW_ERR_UTF8;
    }

    size_t id_len = in->client_id.len;
    if (version == MQW_V311 && id_len == 0 && !in->clean_start) {
        *rule = MQW_RULE("CF-16");
        return MQW_ERR_CLIENT_ID;
    }
    if (v31 && id_len == 0) {
        *rule = MQW_RULE("31-3");
        return MQW_ERR_CLIENT_ID;
    }
    if (v31 && id_len > MQW_V31_CLIENT_ID_MAX) {
        *rule = MQW_RULE("31-2");
        return MQW_ERR_CLIENT_ID;
    }
    return MQW_OK;
}

/* The usual CONNECT build (see MQW_FAST_PATHS): MQTT 3.1.1, or 5.0 with
 * property lists mqw_props_fast_size settles, plain-ASCII strings, under no
 * option but a size limit, judged in straight line. True, with the
 * property block bodies measured, when every check of the full builder
 * would pass; false leaves the packet to them. `v5` is a constant. */
MQW_HOT_INLINE bool mqw_connect_build_plain(const mqw_connect *in, const mqw_limits *lim, bool v5,
                                            size_t *props_body, size_t *will_body)
{
    /* FH-20 (only a client, or a role-blind caller, sends a CONNECT), CN-6;
     * CF-4, and CF-2, CF-3, CF-6 (nothing of a Will without one); CF-8,
     * CF-10 (user name and password fields only with their flags); STR-10
     * and the UTF-8 and Topic Name rules (CF-20, CF-21), on ASCII. */
    if (!(MQW_FAST_PATHS && in && in->version == (v5 ? MQW_V5 : MQW_V311) && !in->bridge &&
          !(lim && (lim->flags || (lim->role != MQW_ROLE_ANY && lim->role != MQW_ROLE_CLIENT))) &&
          in->will_qos <= 2 &&
          (in->will || !(in->will_qos || in->will_retain || in->will_topic.len ||
                         in->will_payload.len || !mqw_props_empty(&in->will_props))) &&
          (in->has_username || !in->username.len) && (in->has_password || !in->password.len) &&
          mqw_fast_text(in->client_id) &&
          (!in->will || (in->will_topic.len - 1 < MQW_STRING_MAX && in->will_topic.ptr &&
                         mqw_topic_plain(in->will_topic.ptr, in->will_topic.len) &&
                         mqw_view_ok(in->will_payload))) &&
          (!in->has_username || mqw_fast_text(in->username)) &&
          (!in->has_password || mqw_view_ok(in->password))))
        return false;
    if (!v5) {
        /* 31-16 (no properties), CF-11 (a password needs a user name),
         * CF-16 (an empty client id needs a clean session). */
        *props_body = *will_body = 0;
        return mqw_props_empty(&in->props) && mqw_props_empty(&in->will_props) &&
               (in->has_username || !in->has_password) && (in->client_id.len || in->clean_start);
    }
    /* PR-10, CF-23, PR-19, PR-20, PR-26..PR-28, PUB-12, PUB-13 as the fast
     * list check judges them. */
    long body = 0, will = 0;
    if (!mqw_props_empty(&in->props) &&
        (body = mqw_props_fast_size(&in->props, MQW_CONNECT, lim)) < 0)
        return false;
    if (in->will && !mqw_props_empty(&in->will_props) &&
        (will = mqw_props_fast_size(&in->will_props, MQW_CTX_WILL, lim)) < 0)
        return false;
    *props_body = (size_t)body;
    *will_body = (size_t)will;
    return true;
}

/* Every refusal of mqw_connect_build, the property blocks measured into
 * *props_body / *will_body. MQW_OK, or the error with diag set and *len 0. */
static int mqw_connect_build_check(const mqw_connect *in, const mqw_limits *lim, mqw_diag *diag,
                                   size_t *len, size_t *props_body, size_t *will_body)
{
    if (!in || !mqw_version_ok(in->version))
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    int version = in->version;
    uint32_t flags = lim ? lim->flags : 0;
    uint8_t role = lim ? lim->role : MQW_ROLE_ANY;

    int rc = mqw_out_direction(MQW_CONNECT, version, lim, diag);
    if (!rc) {
        const char *rule = NULL;
        rc = mqw_connect_check(in, flags, &rule);
        if (rc)
            return mqw_refuse(diag, len, rc, rule);
    }
    /* CONNECT carries nothing a sender may drop, so it is never trimmed:
     * measure, and let mqw_out_begin refuse a packet over the limit. */
    if (!rc && MQW_IS_V5(version)) {
        rc = mqw_props_measure(&in->props, MQW_CONNECT, flags, role, 0, diag, props_body);
        if (!rc && in->will)
            rc = mqw_props_measure(&in->will_props, MQW_CTX_WILL, flags, role, 0, diag, will_body);
    }
    if (rc && len)
        *len = 0;
    return rc;
}

/* Measure, frame and write a CONNECT that has passed every check. Inlined
 * at both of its calls, so that the fast path's constants (3.1.1, no
 * bridge bit) drop the name choice, the level arithmetic and the property
 * blocks. */
MQW_HOT_INLINE int mqw_connect_emit(uint8_t *buf, size_t cap, const mqw_connect *in, int version,
                                    bool bridge, size_t props_body, size_t will_body,
                                    const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    const uint8_t *name = MQW_IS_V31(version) ? mqw_name_mqisdp : mqw_name_mqtt;
    size_t name_len = MQW_IS_V31(version) ? sizeof mqw_name_mqisdp : sizeof mqw_name_mqtt;
    /* name, level, Connect Flags, Keep Alive */
    size_t rl = 2 + name_len + 1 + 1 + 2;
    if (MQW_IS_V5(version))
        rl += mqw_props_size(props_body);
    rl += 2 + in->client_id.len;
    if (in->will) {
        if (MQW_IS_V5(version))
            rl += mqw_props_size(will_body);
        rl += 2 + in->will_topic.len + 2 + in->will_payload.len;
    }
    if (in->has_username)
        rl += 2 + in->username.len;
    if (in->has_password)
        rl += 2 + in->password.len;

    uint8_t cf = (uint8_t)((in->has_username ? MQW_CF_USERNAME : 0) |
                           (in->has_password ? MQW_CF_PASSWORD : 0) |
                           (in->will_retain ? MQW_CF_WILL_RETAIN : 0) |
                           ((unsigned)in->will_qos << MQW_CF_WILL_QOS_SHIFT) |
                           (in->will ? MQW_CF_WILL : 0) | (in->clean_start ? MQW_CF_CLEAN : 0));

    uint8_t *w;
    int rc = mqw_out_begin(buf, cap, (uint8_t)(MQW_CONNECT << 4), rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    w = mqw_wr_u16(w, (uint16_t)name_len);
    memcpy(w, name, name_len);
    w += name_len;
    /* `version` is a checked level (3..5): the byte holds it whole. */
    *w++ = (uint8_t)((unsigned)version | (bridge ? MQW_LEVEL_BRIDGE : 0u));
    *w++ = cf;
    w = mqw_wr_u16(w, in->keep_alive);
    if (MQW_IS_V5(version))
        w = mqw_props_write(w, &in->props, 0, props_body);
    w = mqw_wr_bytes(w, in->client_id);
    if (in->will) {
        if (MQW_IS_V5(version))
            w = mqw_props_write(w, &in->will_props, 0, will_body);
        w = mqw_wr_bytes(w, in->will_topic);
        w = mqw_wr_bytes(w, in->will_payload);
    }
    if (in->has_username)
        w = mqw_wr_bytes(w, in->username);
    if (in->has_password)
        mqw_wr_bytes(w, in->password);
    return MQW_OK;
}

/* Every CONNECT the fast path does not settle, every refusal included
 * (out of line, so that the fast path saves no registers for it). */
static MQW_NOINLINE int mqw_connect_build_full(uint8_t *buf, size_t cap, const mqw_connect *in,
                                               const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    size_t props_body = 0, will_body = 0;
    int rc = mqw_connect_build_check(in, lim, diag, len, &props_body, &will_body);
    if (rc)
        return rc;
    return mqw_connect_emit(buf, cap, in, in->version, in->bridge, props_body, will_body, lim, diag,
                            len);
}

/* The 5.0 instance of the usual build, out of line (the 3.1.1 path
 * carries no property code). */
static MQW_NOINLINE int mqw_connect_build_v5(uint8_t *buf, size_t cap, const mqw_connect *in,
                                             const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    size_t props_body, will_body;
    if (mqw_connect_build_plain(in, lim, true, &props_body, &will_body))
        return mqw_connect_emit(buf, cap, in, MQW_V5, false, props_body, will_body, lim, diag, len);
    return mqw_connect_build_full(buf, cap, in, lim, diag, len);
}

/* see mqttwire.h */
int mqw_connect_build(uint8_t *buf, size_t cap, const mqw_connect *in, const mqw_limits *lim,
                      mqw_diag *diag, size_t *len)
{
    size_t props_body, will_body;
    mqw_diag_clear(diag);
    if (mqw_connect_build_plain(in, lim, false, &props_body, &will_body))
        return mqw_connect_emit(buf, cap, in, MQW_V311, false, 0, 0, lim, diag, len);
    if (MQW_FAST_PATHS && MQW_WITH_V5 && in && MQW_IS_V5(in->version))
        return mqw_connect_build_v5(buf, cap, in, lim, diag, len);
    return mqw_connect_build_full(buf, cap, in, lim, diag, len);
}

/* ---- CONNACK ------------------------------------------------------------ */

/* The body of the parser below, over the framed packet. */
static int mqw_connack_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_connack *out,
                            int version, const mqw_limits *lim, mqw_diag *diag)
{
    mqw_cur c;
    mqw_cur_open(&c, buf, fi, lim, version);
    memset(out, 0, sizeof *out);

    /* CA-6: both bytes are mandatory in every version. */
    const uint8_t *flags_at = c.p;
    uint8_t ack_flags = mqw_rd_u8(&c, MQW_RULE("CA-6"));
    const uint8_t *code_at = c.p;
    out->code = mqw_rd_u8(&c, MQW_RULE("CA-6"));
    if (c.err)
        return mqw_finish(&c, true, NULL, diag);

    if (MQW_IS_V31(version)) {
        /* 31-9: 'Topic Name Compression Response', unused; no Session
         * Present exists, so the byte is ignored (C-19: required to be 0
         * only under MQW_STRICT_V31). */
        if (ack_flags != 0 && (c.flags & MQW_STRICT_V31))
            mqw_cur_fail(&c, MQW_ERR_RESERVED, flags_at, MQW_RULE("31-9"));
    } else {
        out->session_present = (ack_flags & MQW_CONNACK_SESSION_PRESENT) != 0;
        if (ack_flags & ~MQW_CONNACK_SESSION_PRESENT)
            mqw_cur_fail(&c, MQW_ERR_RESERVED, flags_at, MQW_RULE("CA-1"));
        else if (out->session_present && out->code != 0 && !(c.flags & MQW_LENIENT_SESSION))
            mqw_cur_fail(&c, MQW_ERR_SESSION_PRESENT, flags_at, MQW_RULE("CA-2"));
    }

    if (MQW_IS_V5(version)) {
        if (!mqw_reason_allowed(MQW_CONNACK, out->code))
            mqw_cur_fail(&c, MQW_ERR_REASON_CODE, code_at, MQW_RULE("CA-4"));
        mqw_props_read(&c, &out->props, MQW_CONNACK); /* CA-5 when missing */
    } else if (out->code > MQW_CONNACK_CODE_MAX_V3 && (c.flags & MQW_STRICT_CONNACK_CODE)) {
        /* CA-3: reserved codes are exposed raw by default (C-5). */
        mqw_cur_fail(&c, MQW_ERR_REASON_CODE, code_at, MQW_RULE("CA-3"));
    }
    return mqw_finish(&c, true, MQW_IS_V5(version) ? MQW_RULE("TB-3") : MQW_RULE("TB-2"), diag);
}

/* see mqttwire.h */
int mqw_connack_parse(const uint8_t *buf, size_t len, mqw_connack *out, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    int rc = mqw_frame_step(buf, len, MQW_CONNACK, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_connack_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* see mqttwire.h */
bool mqw_connack_refusal(int err, const mqw_connect *in, mqw_connack *out, int *version)
{
    uint8_t level = in->version;
    int answer = 0;
    uint8_t code = 0;
    if (err == MQW_ERR_PROTOCOL_VERSION && level != 0) {
        /* [MQTT-3.1.2-2]: 0x01 in a form every 3.x client reads, unless
         * the client asked for 5.0 and this build speaks it. */
        answer = MQW_IS_V5(level) ? MQW_V5 : MQW_V311;
        code = MQW_IS_V5(level) ? 0x84 : 0x01;
    } else if (err == MQW_ERR_CLIENT_ID && mqw_version_ok(level)) {
        answer = level;
        code = MQW_IS_V5(level) ? 0x85 : 0x02; /* CF-16, 31-2, 31-3 */
    } else if (MQW_IS_V5(level) && err != MQW_ERR_PROTOCOL_NAME && mqw_reason_code(err) != 0) {
        /* 5.0 4.13: a Malformed Packet or Protocol Error in a CONNECT may be
         * answered with its reason code; one CONNACK cannot carry falls
         * back to its group's. */
        answer = MQW_V5;
        code = mqw_reason_code(err);
        if (!mqw_reason_allowed(MQW_CONNACK, code))
            code = err > MQW_ERR_PROTOCOL ? 0x81 : 0x82;
    }
    if (!answer)
        return false;
    memset(out, 0, sizeof *out);
    out->code = code;
    *version = answer;
    return true;
}

/* see mqttwire.h */
int mqw_connack_build(uint8_t *buf, size_t cap, const mqw_connack *in, int version,
                      const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!in || !mqw_version_ok(version))
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    int rc = mqw_out_direction(MQW_CONNACK, version, lim, diag);
    if (rc) {
        if (len)
            *len = 0;
        return rc;
    }

    /* 31-9, 31-16: 3.1 has no Session Present bit to carry the flag. */
    if (MQW_IS_V31(version) && in->session_present)
        return mqw_refuse(diag, len, MQW_ERR_ARG, MQW_RULE("31-9"));
    if (in->session_present && in->code != 0)
        return mqw_refuse(diag, len, MQW_ERR_SESSION_PRESENT, MQW_RULE("CA-2"));
    if (MQW_IS_V5(version)) {
        if (!mqw_reason_allowed(MQW_CONNACK, in->code))
            return mqw_refuse(diag, len, MQW_ERR_REASON_CODE, MQW_RULE("CA-4"));
    } else {
        if (in->code > MQW_CONNACK_CODE_MAX_V3)
            return mqw_refuse(diag, len, MQW_ERR_REASON_CODE, MQW_RULE("CA-3"));
        if (!mqw_props_empty(&in->props))
            return mqw_refuse(diag, len, MQW_ERR_ARG,
                              MQW_IS_V31(version) ? MQW_RULE("31-16") : NULL);
    }

    /* Session Present + code, then (5.0) properties, which may be trimmed
     * to the peer's Maximum Packet Size (Reason String, User Property). */
    size_t rl = 2;
    size_t body = 0;
    unsigned drop = 0;
    if (MQW_IS_V5(version)) {
        rc = mqw_props_fit(&in->props, MQW_CONNACK, rl, lim, diag, &drop, &body);
        if (rc) {
            if (len)
                *len = 0;
            return rc;
        }
        rl += mqw_props_size(body);
    }

    uint8_t *w;
    rc = mqw_out_begin(buf, cap, (uint8_t)(MQW_CONNACK << 4), rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    *w++ = in->session_present ? MQW_CONNACK_SESSION_PRESENT : 0;
    *w++ = in->code;
    if (MQW_IS_V5(version))
        mqw_props_write(w, &in->props, drop, body);
    return MQW_OK;
}
