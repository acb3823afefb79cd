/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * One builder (selected by -DPROOF_<PACKET>) with a struct of unknown
 * contents within the documented contract: every view NULL or into a
 * buffer of PROOF_V bytes of unknown content, with any length up to
 * PROOF_V (NULL with a length included: the builders refuse it); counts
 * within their arrays (PROOF_K entries); every number and enum any value,
 * invalid ones included; property lists of PROOF_K entries of any
 * identifier, each holding the member its type selects. The output is NULL
 * (the size query) or an allocation of exactly cap bytes, cap in
 * [0, PROOF_M]: a write past cap is an alarm. lim NULL or unknown; diag and
 * len NULL or not.
 */
#include "proof.h"

#ifndef PROOF_V
#define PROOF_V 8
#endif
#ifndef PROOF_K
#define PROOF_K 2
#endif

static const uint8_t *proof_src;

/* A view: NULL or the source buffer, any length up to its size. */
static mqw_bytes proof_view(void)
{
    mqw_bytes b;
    b.ptr = Frama_C_nondet(0, 1) ? proof_src : NULL;
    b.len = Frama_C_size_t_interval(0, PROOF_V);
    return b;
}

static uint8_t proof_u8(void)
{
    return (uint8_t)Frama_C_unsigned_char_interval(0, UCHAR_MAX);
}

static bool proof_bool(void)
{
    return Frama_C_nondet(0, 1);
}

/* A property of any identifier holding the member its type selects. */
static void proof_property(mqw_property *p)
{
    p->id = proof_u8();
    int type = mqw_property_type(p->id);
    /*@ split type; */
    if (type == MQW_PTYPE_STRING || type == MQW_PTYPE_BINARY) {
        p->v.bytes = proof_view();
    } else if (type == MQW_PTYPE_PAIR) {
        p->v.pair.name = proof_view();
        p->v.pair.value = proof_view();
    } else {
        p->v.num = Frama_C_unsigned_int_interval(0, UINT_MAX);
    }
}

static mqw_property proof_list[PROOF_K];

/* A property block: a raw view, or a list of 0..PROOF_K entries. */
static mqw_props proof_props(void)
{
    mqw_props p;
    p.raw = proof_view();
    p.list = NULL;
    p.n = Frama_C_size_t_interval(0, PROOF_K);
    if (proof_bool()) {
        for (size_t i = 0; i < PROOF_K; i++)
            proof_property(&proof_list[i]);
        p.list = proof_list;
    }
    return p;
}

int main(void)
{
    proof_src = proof_bytes(PROOF_V);
    size_t cap = Frama_C_size_t_interval(0, PROOF_M);
    /*@ split cap; */
    uint8_t *buf = proof_out(cap);
    mqw_limits lim_store;
    const mqw_limits *lim = proof_limits(&lim_store);
    int version = proof_version();
    mqw_diag diag_store;
    mqw_diag *diag = PROOF_MAYBE(&diag_store);
    size_t len_store;
    size_t *len = PROOF_MAYBE(&len_store);
    int rc;
#if defined(PROOF_CONNECT)
    mqw_connect in;
    in.version = proof_u8();
    in.bridge = proof_bool();
    in.clean_start = proof_bool();
    in.keep_alive = (uint16_t)Frama_C_unsigned_short_interval(0, USHRT_MAX);
    in.protocol_name = proof_view();
    in.props = proof_props();
    in.client_id = proof_view();
    in.will = proof_bool();
    in.will_qos = proof_u8();
    in.will_retain = proof_bool();
    in.will_props = proof_props();
    in.will_topic = proof_view();
    in.will_payload = proof_view();
    in.has_username = proof_bool();
    in.username = proof_view();
    in.has_password = proof_bool();
    in.password = proof_view();
    (void)version;
    rc = mqw_connect_build(buf, cap, PROOF_MAYBE(&in), lim, diag, len);
#elif defined(PROOF_CONNACK)
    mqw_connack in;
    in.session_present = proof_bool();
    in.code = proof_u8();
    in.props = proof_props();
    rc = mqw_connack_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#elif defined(PROOF_PUBLISH) || defined(PROOF_PUBLISH_HEADER)
    mqw_publish in;
    in.qos = proof_u8();
    in.dup = proof_bool();
    in.retain = proof_bool();
    in.packet_id = (uint16_t)Frama_C_unsigned_short_interval(0, USHRT_MAX);
    in.topic = proof_view();
    in.props = proof_props();
    in.payload = proof_view();
#if defined(PROOF_PUBLISH)
    rc = mqw_publish_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#else
    rc = mqw_publish_build_header(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#endif
#elif defined(PROOF_ACK)
    mqw_ack in;
    in.type = proof_u8();
    in.dup = proof_bool();
    in.packet_id = (uint16_t)Frama_C_unsigned_short_interval(0, USHRT_MAX);
    in.code = proof_u8();
    in.props = proof_props();
    rc = mqw_ack_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#elif defined(PROOF_SUBSCRIBE)
    static mqw_subscription subs[PROOF_K];
    for (size_t i = 0; i < PROOF_K; i++) {
        subs[i].filter = proof_view();
        subs[i].qos = proof_u8();
        subs[i].no_local = proof_bool();
        subs[i].retain_as_published = proof_bool();
        subs[i].retain_handling = proof_u8();
        subs[i].status = Frama_C_int_interval(INT_MIN, INT_MAX);
    }
    mqw_subscribe in;
    in.packet_id = (uint16_t)Frama_C_unsigned_short_interval(0, USHRT_MAX);
    in.dup = proof_bool();
    in.props = proof_props();
    in.subs = proof_bool() ? subs : NULL;
    in.list = proof_view();
    in.n = Frama_C_size_t_interval(0, PROOF_K);
    rc = mqw_subscribe_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#elif defined(PROOF_SUBACK)
    mqw_suback in;
    in.packet_id = (uint16_t)Frama_C_unsigned_short_interval(0, USHRT_MAX);
    in.props = proof_props();
    in.codes = proof_view();
    rc = mqw_suback_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#elif defined(PROOF_UNSUBSCRIBE)
    static mqw_bytes filters[PROOF_K];
    for (size_t i = 0; i < PROOF_K; i++)
        filters[i] = proof_view();
    mqw_unsubscribe in;
    in.packet_id = (uint16_t)Frama_C_unsigned_short_interval(0, USHRT_MAX);
    in.dup = proof_bool();
    in.props = proof_props();
    in.filters = proof_bool() ? filters : NULL;
    in.list = proof_view();
    in.n = Frama_C_size_t_interval(0, PROOF_K);
    rc = mqw_unsubscribe_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#elif defined(PROOF_UNSUBACK)
    mqw_unsuback in;
    in.packet_id = (uint16_t)Frama_C_unsigned_short_interval(0, USHRT_MAX);
    in.props = proof_props();
    in.codes = proof_view();
    rc = mqw_unsuback_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#elif defined(PROOF_PING)
    rc = mqw_ping_build(buf, cap, Frama_C_int_interval(INT_MIN, INT_MAX), version, lim, diag, len);
#elif defined(PROOF_DISCONNECT) || defined(PROOF_AUTH)
    mqw_disconnect in;
    in.code = proof_u8();
    in.props = proof_props();
#if defined(PROOF_DISCONNECT)
    rc = mqw_disconnect_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#else
    rc = mqw_auth_build(buf, cap, PROOF_MAYBE(&in), version, lim, diag, len);
#endif
#else
#error "define one PROOF_<PACKET>"
#endif
    return rc;
}
