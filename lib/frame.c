/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* Fixed header: packet type, flag bits, Remaining Length; framing a stream;
 * the full half of the one framing step every parser starts with (the
 * fast half is inline in wire.h), and the direction check of builders. */
/* The home of wire.h's shared helpers in builds without fast paths. */
#define MQW_WIRE_HOME
#include "wire.h"

/* Row of docs/rules.md section 1 for the fixed flag nibble of each type. */
static const char *const mqw_flag_rule[16] = {
    NULL,
    MQW_RULE("FH-1"),
    MQW_RULE("FH-2"),
    NULL,
    MQW_RULE("FH-3"),
    MQW_RULE("FH-4"),
    MQW_RULE("FH-5"),
    MQW_RULE("FH-6"),
    MQW_RULE("FH-7"),
    MQW_RULE("FH-8"),
    MQW_RULE("FH-9"),
    MQW_RULE("FH-10"),
    MQW_RULE("FH-11"),
    MQW_RULE("FH-12"),
    MQW_RULE("FH-13"),
    MQW_RULE("FH-14"),
};

/* Check the first byte of a packet for `version`; CONNECT flags wait for
 * mqw_connect_parse, which learns the version from the packet. */
static int mqw_first_byte_check(uint8_t b, int version, const mqw_limits *lim, mqw_diag *diag)
{
    int type = b >> 4;
    unsigned flags = b & 0x0F;
    uint32_t opt = lim ? lim->flags : 0;

    if (type == 0)
        return mqw_fail(diag, MQW_ERR_PACKET_TYPE, 0, MQW_RULE("FH-15"));
    /* [MQTT-3.1.0-1]: before the version is known, the first packet of a
     * connection, only a CONNECT may come (no row: not a packet's fault). */
    if (version == MQW_V_UNKNOWN && type != MQW_CONNECT)
        return mqw_fail(diag, MQW_ERR_PACKET_TYPE, 0, NULL);
    if (type == MQW_AUTH && !MQW_IS_V5(version))
        return mqw_fail(diag, MQW_ERR_PACKET_TYPE, 0, MQW_RULE("FH-16"));

    switch (type) {
    case MQW_CONNECT:
        break;
    case MQW_PUBLISH: {
        unsigned qos = (flags >> 1) & 3;
        if (qos == 3)
            return mqw_fail(diag, MQW_ERR_QOS, 0, MQW_RULE("FH-17"));
        if (qos == 0 && (flags & 8) && !(opt & MQW_LENIENT_DUP_QOS0))
            return mqw_fail(diag, MQW_ERR_FLAGS, 0, MQW_RULE("FH-18"));
        break;
    }
    case MQW_PUBREL:
    case MQW_SUBSCRIBE:
    case MQW_UNSUBSCRIBE:
        if (MQW_IS_V31(version)) {
            /* 31-11: QoS 1 in the header; 31-12/13: DUP and RETAIN free. */
            if ((flags & 6) != 2 && !(opt & MQW_LENIENT_V31))
                return mqw_fail(diag, MQW_ERR_FLAGS, 0, MQW_RULE("31-11"));
            if ((flags & 1) && (opt & MQW_STRICT_V31))
                return mqw_fail(diag, MQW_ERR_FLAGS, 0, MQW_RULE("31-13"));
        } else if (flags != 2) {
            return mqw_fail(diag, MQW_ERR_FLAGS, 0, mqw_flag_rule[type]);
        }
        break;
    default:
        if (flags != 0) {
            /* 31-14: 3.1 marks these bits 'not used'. */
            if (!MQW_IS_V31(version))
                return mqw_fail(diag, MQW_ERR_FLAGS, 0, mqw_flag_rule[type]);
            if (opt & MQW_STRICT_V31)
                return mqw_fail(diag, MQW_ERR_FLAGS, 0, MQW_RULE("31-14"));
        }
        break;
    }

    if (lim && lim->role != MQW_ROLE_ANY) {
        int sender = lim->role == MQW_ROLE_SERVER ? MQW_ROLE_CLIENT : MQW_ROLE_SERVER;
        if (!mqw_direction_ok(type, version, sender))
            return mqw_fail(diag, MQW_ERR_DIRECTION, 0, MQW_RULE("FH-20"));
    }
    return MQW_OK;
}

/* Smallest total length of a packet whose Remaining Length has shown `seen`
 * bytes at rl[0..seen), all with the continuation bit set: the next byte
 * may end the field, adding nothing (padding, where allowed) or, in the
 * shortest form, at least 1 in the next 7-bit digit. */
static size_t mqw_need_partial(const uint8_t *rl, size_t seen, bool minimal)
{
    if (seen == 0)
        return 2;
    size_t value = 0;
    for (size_t i = 0; i < seen; i++)
        value |= (size_t)(rl[i] & 0x7F) << (7 * i);
    return 1 + (seen + 1) + value + (minimal ? (size_t)1 << (7 * seen) : 0);
}

/* Every frame, every rule: what mqw_frame_plain leaves (out of line, so
 * that the fast half saves no registers for it). */
static MQW_NOINLINE int mqw_frame_full(const uint8_t *buf, size_t len, mqw_frame_info *out,
                                       int version, const mqw_limits *lim, mqw_diag *diag,
                                       size_t *used)
{
    if (diag) {
        diag->offset = 0;
        diag->rule = NULL;
        diag->dropped = 0;
    }
    if (!mqw_version_arg_ok(version) || !out || (!buf && len))
        return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);

    size_t need;
    uint32_t max = lim ? lim->max_packet_size : 0;
    bool minimal = MQW_IS_V5(version) || !(lim && (lim->flags & MQW_LENIENT_VARINT));

    if (len == 0) {
        need = 2;
        goto more;
    }
    int rc = mqw_first_byte_check(buf[0], version, lim, diag);
    if (rc)
        return rc;

    uint32_t rl = 0;
    size_t bad = 0;
    int n = mqw_varint_decode(buf + 1, buf + len, minimal, &rl, &bad);
    if (n < 0) {
        /* The bytes before the bad one may already prove the packet too
         * large; a reader fed byte by byte would have stopped there, so the
         * verdict must not depend on how the stream was split. */
        if (max && mqw_need_partial(buf + 1, bad, minimal) > max)
            return mqw_fail(diag, MQW_ERR_TOO_LARGE, 1, NULL);
        return mqw_fail(diag, MQW_ERR_VARINT, 1 + bad,
                        n == MQW_VARINT_LONG ? MQW_RULE("RL-1") : MQW_RULE("RL-2"));
    }
    if (n == 0) {
        need = mqw_need_partial(buf + 1, len - 1, minimal);
        /* Blame the Remaining Length, or the first byte when it is all
         * there is (even the smallest packet is over the maximum). */
        if (max && need > max)
            return mqw_fail(diag, MQW_ERR_TOO_LARGE, len > 1 ? 1 : 0, NULL);
        goto more;
    }

    out->type = (uint8_t)(buf[0] >> 4);
    out->flags = (uint8_t)(buf[0] & 0x0F);
    out->header_len = (uint8_t)(1 + n);
    out->remaining = rl;
    out->total_len = (size_t)1 + (size_t)n + rl;
    if (max && out->total_len > max)
        return mqw_fail(diag, MQW_ERR_TOO_LARGE, 1, NULL);
    if (out->total_len > len) {
        need = out->total_len;
        goto more;
    }
    if (used)
        *used = out->total_len;
    return MQW_OK;

more:
    if (used)
        *used = need;
    return MQW_ERR_NEED_MORE;
}

/* see wire.h */
int mqw_frame_full_step(const uint8_t *buf, size_t len, int type, int version,
                        const mqw_limits *lim, mqw_diag *diag, size_t *used, mqw_frame_info *fi)
{
    /* A parser handed another packet type says so first, before judging
     * that packet by its own type's rules, and before it is whole; with
     * the version not known yet, every parser but CONNECT's is (a CONNECT
     * would otherwise frame and reach its body). */
    if (len && buf &&
        ((type && mqw_version_ok(version) && (buf[0] >> 4) != type) ||
         (version == MQW_V_UNKNOWN && type != MQW_CONNECT))) {
        mqw_diag_clear(diag);
        return mqw_fail(diag, MQW_ERR_PACKET_TYPE, 0, NULL);
    }
    return mqw_frame_full(buf, len, fi, version, lim, diag, used);
}

/* see mqttwire.h */
int mqw_frame(const uint8_t *buf, size_t len, mqw_frame_info *out, int version,
              const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    if (out && mqw_frame_plain(buf, len, 0, version, lim, out)) {
        mqw_diag_clear(diag);
        if (used)
            *used = out->total_len;
        return MQW_OK;
    }
    return mqw_frame_full(buf, len, out, version, lim, diag, used);
}

/* see wire.h */
int mqw_out_direction(int type, int version, const mqw_limits *lim, mqw_diag *diag)
{
    if (type == MQW_AUTH && !MQW_IS_V5(version))
        return mqw_fail(diag, MQW_ERR_PACKET_TYPE, 0, MQW_RULE("FH-16"));
    if (lim && lim->role != MQW_ROLE_ANY && !mqw_direction_ok(type, version, lim->role))
        return mqw_fail(diag, MQW_ERR_DIRECTION, 0, MQW_RULE("FH-20"));
    return MQW_OK;
}
