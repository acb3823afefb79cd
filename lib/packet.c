/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* mqw_parse / mqw_build / mqw_size: dispatch on the packet type to the
 * per-kind parsers and builders, for callers that hold an mqw_packet. */
#include "wire.h"

/* see mqttwire.h */
int mqw_parse(const uint8_t *buf, size_t len, mqw_packet *out, int version, const mqw_limits *lim,
              mqw_diag *diag, size_t *used)
{
    if (!out || !buf || !len) {
        mqw_diag_clear(diag);
        if (!out || len || !mqw_version_arg_ok(version))
            return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
        /* Until the first byte is here no packet can be told from CONNECT,
         * which carries its own version. */
        if (used)
            *used = 2;
        return MQW_ERR_NEED_MORE;
    }
    /* The first byte names the kind; its parser frames the packet, once,
     * with the one framing step every parser starts with, so a bad first
     * byte, Remaining Length or size, or a packet not complete yet, is
     * answered there exactly as mqw_frame answers it. Each call below is
     * the last thing done: a jump, not a second frame. */
    out->type = (uint8_t)(buf[0] >> 4);
    switch (out->type) {
    case MQW_CONNECT:
        /* The packet names its version; the argument must still be one
         * (the same rule as mqw_frame's). */
        if (!mqw_version_arg_ok(version)) {
            mqw_diag_clear(diag);
            return mqw_fail(diag, MQW_ERR_ARG, 0, NULL);
        }
        return mqw_connect_parse(buf, len, &out->u.connect, lim, diag, used);
    case MQW_CONNACK:
        return mqw_connack_parse(buf, len, &out->u.connack, version, lim, diag, used);
    case MQW_PUBLISH:
        return mqw_publish_parse(buf, len, &out->u.publish, version, lim, diag, used);
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        return mqw_ack_parse(buf, len, &out->u.ack, version, lim, diag, used);
    case MQW_SUBSCRIBE:
        return mqw_subscribe_parse(buf, len, &out->u.subscribe, version, lim, diag, used);
    case MQW_SUBACK:
        return mqw_suback_parse(buf, len, &out->u.suback, version, lim, diag, used);
    case MQW_UNSUBSCRIBE:
        return mqw_unsubscribe_parse(buf, len, &out->u.unsubscribe, version, lim, diag, used);
    case MQW_UNSUBACK:
        return mqw_unsuback_parse(buf, len, &out->u.unsuback, version, lim, diag, used);
    case MQW_PINGREQ:
    case MQW_PINGRESP:
        return mqw_ping_parse(buf, len, out->type, version, lim, diag, used);
    case MQW_DISCONNECT:
        return mqw_disconnect_parse(buf, len, &out->u.disconnect, version, lim, diag, used);
    case MQW_AUTH:
        return mqw_auth_parse(buf, len, &out->u.auth, version, lim, diag, used);
    default: {
        /* Type 0: the framing refuses it (FH-15), or a bad version (ARG). */
        mqw_frame_info fi;
        return mqw_frame(buf, len, &fi, version, lim, diag, used);
    }
    }
}

/* see mqttwire.h */
int mqw_build(uint8_t *buf, size_t cap, const mqw_packet *pkt, int version, const mqw_limits *lim,
              mqw_diag *diag, size_t *len)
{
    mqw_diag_clear(diag);
    if (!pkt)
        return mqw_refuse(diag, len, MQW_ERR_ARG, NULL);

    switch (pkt->type) {
    case MQW_CONNECT:
        return mqw_connect_build(buf, cap, &pkt->u.connect, lim, diag, len);
    case MQW_CONNACK:
        return mqw_connack_build(buf, cap, &pkt->u.connack, version, lim, diag, len);
    case MQW_PUBLISH:
        return mqw_publish_build(buf, cap, &pkt->u.publish, version, lim, diag, len);
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP: {
        /* The packet's type wins over u.ack.type (mqttwire.h). */
        mqw_ack ack = pkt->u.ack;
        ack.type = pkt->type;
        return mqw_ack_build(buf, cap, &ack, version, lim, diag, len);
    }
    case MQW_SUBSCRIBE:
        return mqw_subscribe_build(buf, cap, &pkt->u.subscribe, version, lim, diag, len);
    case MQW_SUBACK:
        return mqw_suback_build(buf, cap, &pkt->u.suback, version, lim, diag, len);
    case MQW_UNSUBSCRIBE:
        return mqw_unsubscribe_build(buf, cap, &pkt->u.unsubscribe, version, lim, diag, len);
    case MQW_UNSUBACK:
        return mqw_unsuback_build(buf, cap, &pkt->u.unsuback, version, lim, diag, len);
    case MQW_PINGREQ:
    case MQW_PINGRESP:
        return mqw_ping_build(buf, cap, pkt->type, version, lim, diag, len);
    case MQW_DISCONNECT:
        return mqw_disconnect_build(buf, cap, &pkt->u.disconnect, version, lim, diag, len);
    case MQW_AUTH:
        /* Refused before 5.0 with FH-16. */
        return mqw_auth_build(buf, cap, &pkt->u.auth, version, lim, diag, len);
    default:
        /* Type 0 is reserved (FH-15); nothing above 15 fits the nibble. */
        return mqw_refuse(diag, len, MQW_ERR_PACKET_TYPE, MQW_RULE("FH-15"));
    }
}

/* see mqttwire.h */
int mqw_size(const mqw_packet *pkt, int version, const mqw_limits *lim, size_t *len)
{
    size_t need = 0;
    int rc = mqw_build(NULL, 0, pkt, version, lim, NULL, &need);
    /* The size query's answer: every packet has at least 2 bytes, so a
     * build into nothing is always NOSPACE once the packet is acceptable. */
    if (rc == MQW_ERR_NOSPACE)
        rc = MQW_OK;
    if (len)
        *len = rc == MQW_OK ? need : 0;
    return rc;
}
