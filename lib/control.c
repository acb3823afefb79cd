/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* PINGREQ, PINGRESP, DISCONNECT and AUTH (docs/rules.md sections 14, 17, 18):
 * the packets that carry at most a reason code and properties. */
#include "wire.h"

/* The Reason Code that is not in the DISCONNECT table of 5.0 §3.14.2.1 but
 * is in the §2.4 summary (Bad authentication method): accepted on parse,
 * never built (C-26). */
#define MQW_DISCONNECT_CODE_SUMMARY_ONLY 0x8C

/* The AUTH Reason Codes whose sender is fixed (5.0 §3.15.2.1). */
#define MQW_AUTH_SUCCESS 0x00
#define MQW_AUTH_REAUTHENTICATE 0x19

/* Whether the reason-code direction rules (PDA-4, PDA-8) apply: only with a
 * role (C-17), and not when the caller relaxed them. */
static bool mqw_code_direction_on(uint8_t role, uint32_t flags)
{
    return role != MQW_ROLE_ANY && !(flags & MQW_LENIENT_DIRECTION);
}

/* The only side that may send DISCONNECT `code` ('Sent by' column of 5.0
 * §3.14.2.1), MQW_ROLE_ANY when both may. */
static int mqw_disconnect_code_sender(uint8_t code)
{
    switch (code) {
    case 0x04: /* Disconnect with Will Message */
        return MQW_ROLE_CLIENT;
    case 0x87: /* Not authorized */
    case 0x89: /* Server busy */
    case 0x8B: /* Server shutting down */
    case 0x8D: /* Keep Alive timeout */
    case 0x8E: /* Session taken over */
    case 0x8F: /* Topic Filter invalid */
    case 0x9A: /* Retain not supported */
    case 0x9B: /* QoS not supported */
    case 0x9C: /* Use another server */
    case 0x9D: /* Server moved */
    case 0x9E: /* Shared Subscriptions not supported */
    case 0x9F: /* Connection rate exceeded */
    case 0xA0: /* Maximum connect time */
    case 0xA1: /* Subscription Identifiers not supported */
    case 0xA2: /* Wildcard Subscriptions not supported */
        return MQW_ROLE_SERVER;
    default:
        return MQW_ROLE_ANY;
    }
}

/* The only side that may send AUTH `code` (5.0 §3.15.2.1). */
static int mqw_auth_code_sender(uint8_t code)
{
    if (code == MQW_AUTH_REAUTHENTICATE)
        return MQW_ROLE_CLIENT;
    if (code == MQW_AUTH_SUCCESS)
        return MQW_ROLE_SERVER;
    return MQW_ROLE_ANY;
}

/* The side that sent a packet received by `receiver`. */
static int mqw_peer_of(uint8_t receiver)
{
    return receiver == MQW_ROLE_SERVER ? MQW_ROLE_CLIENT : MQW_ROLE_SERVER;
}

/* A builder's refusal whose diag a shared check (frame.c, props.c) has
 * already filled in: nothing written, *len = 0. */
static int mqw_refused(size_t *len, int rc)
{
    if (len)
        *len = 0;
    return rc;
}

/* ---- PINGREQ, PINGRESP ------------------------------------------------- */

/* The body of the parser below, over the framed packet. */
static int mqw_ping_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_diag *diag)
{
    (void)buf; /* nothing to read: the frame says it all */
    /* No variable header in any version: TB-8 (PINGREQ), TB-9 (PINGRESP). */
    if (fi->remaining == 0)
        return MQW_OK;
    return mqw_fail(diag, MQW_ERR_TRAILING, fi->header_len,
                    fi->type == MQW_PINGREQ ? MQW_RULE("TB-8") : MQW_RULE("TB-9"));
}

/* see mqttwire.h */
int mqw_ping_parse(const uint8_t *buf, size_t len, int type, int version, const mqw_limits *lim,
                   mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (type != MQW_PINGREQ && type != MQW_PINGRESP) {
        mqw_diag_clear(diag);
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
    }
    int rc = mqw_frame_step(buf, len, type, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_ping_body(buf, &fi, diag), &fi, used);
}

/* see mqttwire.h */
int mqw_ping_build(uint8_t *buf, size_t cap, int type, int version, const mqw_limits *lim,
                   mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!mqw_version_ok(version) || (type != MQW_PINGREQ && type != MQW_PINGRESP))
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    int rc = mqw_out_direction(type, version, lim, diag); /* FH-20 */
    if (rc)
        return mqw_refused(len, rc);
    uint8_t *w;
    return mqw_out_begin(buf, cap, (uint8_t)(type << 4), 0, 0, lim, diag, len, &w);
}

/* ---- DISCONNECT -------------------------------------------------------- */

/* The Reason Code byte of a received 5.0 DISCONNECT at `at`. */
static void mqw_disconnect_code_check(mqw_cur *c, uint8_t code, const uint8_t *at)
{
    /* RC-5; the summary-only 0x8C passes (C-26). */
    if (code != MQW_DISCONNECT_CODE_SUMMARY_ONLY && !mqw_reason_allowed(MQW_DISCONNECT, code)) {
        mqw_cur_fail(c, MQW_ERR_REASON_CODE, at, MQW_RULE("RC-5"));
        return;
    }
    if (mqw_code_direction_on(c->role, c->flags)) {
        int sender = mqw_disconnect_code_sender(code);
        if (sender != MQW_ROLE_ANY && sender != mqw_peer_of(c->role))
            mqw_cur_fail(c, MQW_ERR_DIRECTION, at, MQW_RULE("PDA-4"));
    }
}

/* The body of the parser below, over the framed packet. */
static int mqw_disconnect_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_disconnect *out,
                               int version, const mqw_limits *lim, mqw_diag *diag)
{
    mqw_cur c;
    mqw_cur_open(&c, buf, fi, lim, version);
    memset(out, 0, sizeof *out);

    /* 3.x DISCONNECT has no variable header (TB-10). */
    if (!MQW_IS_V5(version))
        return mqw_finish(&c, true, MQW_RULE("TB-10"), diag);

    /* RL 0: Normal disconnection, no properties (PDA-1). RL 1: the Reason
     * Code alone, Property Length taken as 0 (PDA-2). */
    if (fi->remaining >= 1) {
        const uint8_t *code_at = c.p;
        out->code = mqw_rd_u8(&c, NULL);
        mqw_disconnect_code_check(&c, out->code, code_at);
    }
    /* props.c holds the DISCONNECT set (PR-17) and the server's Session
     * Expiry Interval rule (PDA-3). */
    if (fi->remaining >= 2 && !c.err)
        mqw_props_read(&c, &out->props, MQW_DISCONNECT);
    return mqw_finish(&c, true, MQW_RULE("TB-11"), diag);
}

/* see mqttwire.h */
int mqw_disconnect_parse(const uint8_t *buf, size_t len, mqw_disconnect *out, int version,
                         const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    int rc = mqw_frame_step(buf, len, MQW_DISCONNECT, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_disconnect_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* see mqttwire.h */
int mqw_disconnect_build(uint8_t *buf, size_t cap, const mqw_disconnect *in, int version,
                         const mqw_limits *lim, mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!mqw_version_ok(version) || !in)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    /* FH-20: before 5.0 only a client sends DISCONNECT. */
    int rc = mqw_out_direction(MQW_DISCONNECT, version, lim, diag);
    if (rc)
        return mqw_refused(len, rc);
    uint8_t *w;
    if (!MQW_IS_V5(version)) {
        /* 3.x has neither a Reason Code nor properties (TB-10, 31-16). */
        if (in->code != 0 || !mqw_props_empty(&in->props))
            return mqw_refuse(diag, len, MQW_ERR_ARG,
                              MQW_IS_V31(version) ? MQW_RULE("31-16") : NULL);
        return mqw_out_begin(buf, cap, MQW_DISCONNECT << 4, 0, 0, lim, diag, len, &w);
    }

    uint32_t opt = lim ? lim->flags : 0;
    uint8_t role = lim ? lim->role : MQW_ROLE_ANY;
    /* RC-5, and never the summary-only 0x8C (C-26). */
    if (in->code == MQW_DISCONNECT_CODE_SUMMARY_ONLY ||
        !mqw_reason_allowed(MQW_DISCONNECT, in->code))
        return mqw_refuse(diag, len, MQW_ERR_REASON_CODE, MQW_RULE("RC-5"));
    if (mqw_code_direction_on(role, opt)) {
        int sender = mqw_disconnect_code_sender(in->code);
        if (sender != MQW_ROLE_ANY && sender != role)
            return mqw_refuse(diag, len, MQW_ERR_DIRECTION, MQW_RULE("PDA-4"));
    }

    /* props.c refuses what DISCONNECT may not carry (PR-17) and a server's
     * Session Expiry Interval (PDA-3), with the parser's codes. */
    unsigned drop = 0;
    size_t body = 0;
    rc = mqw_props_fit(&in->props, MQW_DISCONNECT, 1, lim, diag, &drop, &body);
    if (rc)
        return mqw_refused(len, rc);

    /* Shortest legal form (C-15): RL 0 for Normal disconnection without
     * properties (PDA-1), RL 1 for another code without them (PDA-2). The
     * test is on what is left after trimming. */
    size_t rl = body ? 1 + mqw_props_size(body) : in->code ? 1 : 0;
    rc = mqw_out_begin(buf, cap, MQW_DISCONNECT << 4, rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    if (rl >= 1)
        *w++ = in->code;
    if (rl >= 2)
        mqw_props_write(w, &in->props, drop, body);
    return MQW_OK;
}

/* ---- AUTH -------------------------------------------------------------- */

/* The Reason Code of a received AUTH (`at` is its byte, or the Remaining
 * Length byte for the implied Success of RL 0). */
static void mqw_auth_code_check(mqw_cur *c, uint8_t code, const uint8_t *at)
{
    if (!mqw_reason_allowed(MQW_AUTH, code)) {
        mqw_cur_fail(c, MQW_ERR_REASON_CODE, at, MQW_RULE("RC-6"));
        return;
    }
    if (mqw_code_direction_on(c->role, c->flags)) {
        int sender = mqw_auth_code_sender(code);
        if (sender != MQW_ROLE_ANY && sender != mqw_peer_of(c->role))
            mqw_cur_fail(c, MQW_ERR_DIRECTION, at, MQW_RULE("PDA-8"));
    }
}

/* The body of the parser below, over the framed packet. */
static int mqw_auth_body(const uint8_t *buf, const mqw_frame_info *fi, mqw_auth *out, int version,
                         const mqw_limits *lim, mqw_diag *diag)
{
    mqw_cur c;
    /* Without 5.0 the framing has refused every version that gets here:
     * the rest compiles away. */
    if (!MQW_WITH_V5)
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
    mqw_cur_open(&c, buf, fi, lim, version);
    memset(out, 0, sizeof *out);

    const uint8_t *rl_at = c.base + 1;
    const uint8_t *props_at = NULL;
    if (fi->remaining == 0) {
        /* PDA-5: RL 0 is Success without properties (still a server's). */
        mqw_auth_code_check(&c, MQW_AUTH_SUCCESS, rl_at);
    } else if (fi->remaining == 1 && (c.flags & MQW_STRICT_AUTH_LENGTH)) {
        /* PDA-6: the spec describes no RL 1 form for AUTH. */
        mqw_cur_fail(&c, MQW_ERR_SHORT, rl_at, MQW_RULE("PDA-6"));
    } else {
        const uint8_t *code_at = c.p;
        out->code = mqw_rd_u8(&c, NULL);
        mqw_auth_code_check(&c, out->code, code_at);
        /* RL 1 reads as Property Length 0 (C-16); PR-18 is props.c's. */
        if (fi->remaining >= 2 && !c.err) {
            props_at = c.p;
            mqw_props_read(&c, &out->props, MQW_AUTH);
        }
    }
    /* Surplus bytes (TB-11) are a malformed packet: report them before the
     * missing method, a protocol error. */
    if (!c.err && c.p != c.end)
        mqw_cur_fail(&c, MQW_ERR_TRAILING, c.p, MQW_RULE("TB-11"));
    /* PDA-7: any AUTH longer than RL 0 names its Authentication Method
     * (props.c refuses a second one, PR-5). */
    if (!c.err && fi->remaining >= 1 &&
        !mqw_props_find(&out->props, MQW_PROP_AUTHENTICATION_METHOD, NULL))
        mqw_cur_fail(&c, MQW_ERR_AUTH_METHOD, props_at ? props_at : rl_at, MQW_RULE("PDA-7"));
    return mqw_finish(&c, true, MQW_RULE("TB-11"), diag);
}

/* see mqttwire.h */
int mqw_auth_parse(const uint8_t *buf, size_t len, mqw_auth *out, int version,
                   const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    mqw_frame_info fi;
    if (!out)
        return mqw_no_out(diag);
    /* FH-16: type 15 is reserved before 5.0, however few bytes are here. */
    if (mqw_version_ok(version) && !MQW_IS_V5(version)) {
        mqw_diag_clear(diag);
        return mqw_fail(diag, MQW_ERR_PACKET_TYPE, 0, MQW_RULE("FH-16"));
    }
    int rc = mqw_frame_step(buf, len, MQW_AUTH, version, lim, diag, used, &fi);
    if (rc)
        return rc;
    return mqw_parsed(mqw_auth_body(buf, &fi, out, version, lim, diag), &fi, used);
}

/* see mqttwire.h */
int mqw_auth_build(uint8_t *buf, size_t cap, const mqw_auth *in, int version, const mqw_limits *lim,
                   mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!mqw_version_ok(version) || !in)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    /* FH-16: no AUTH before 5.0. */
    int rc = mqw_out_direction(MQW_AUTH, version, lim, diag);
    if (rc)
        return mqw_refused(len, rc);
    /* Without 5.0 no version gets here (the rest compiles away). */
    if (!MQW_WITH_V5)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);
    uint32_t opt = lim ? lim->flags : 0;
    uint8_t role = lim ? lim->role : MQW_ROLE_ANY;
    if (!mqw_reason_allowed(MQW_AUTH, in->code))
        return mqw_refuse(diag, len, MQW_ERR_REASON_CODE, MQW_RULE("RC-6"));
    if (mqw_code_direction_on(role, opt)) {
        int sender = mqw_auth_code_sender(in->code);
        if (sender != MQW_ROLE_ANY && sender != role)
            return mqw_refuse(diag, len, MQW_ERR_DIRECTION, MQW_RULE("PDA-8"));
    }

    /* Shortest legal form (C-15): RL 0 only for Success without properties
     * (PDA-5); otherwise Reason Code and properties, never RL 1 (PDA-6). */
    unsigned drop = 0;
    size_t body = 0;
    size_t rl = 0;
    if (in->code != MQW_AUTH_SUCCESS || !mqw_props_empty(&in->props)) {
        rc = mqw_props_fit(&in->props, MQW_AUTH, 1, lim, diag, &drop, &body);
        if (rc)
            return mqw_refused(len, rc);
        /* PDA-7 (never trimmed, so the validated input tells). */
        if (!mqw_props_find(&in->props, MQW_PROP_AUTHENTICATION_METHOD, NULL))
            return mqw_refuse(diag, len, MQW_ERR_AUTH_METHOD, MQW_RULE("PDA-7"));
        rl = 1 + mqw_props_size(body);
    }
    uint8_t *w;
    rc = mqw_out_begin(buf, cap, MQW_AUTH << 4, rl, 0, lim, diag, len, &w);
    if (rc)
        return rc;
    if (rl) {
        *w++ = in->code;
        mqw_props_write(w, &in->props, drop, body);
    }
    return MQW_OK;
}
