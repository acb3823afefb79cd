/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * One parser (selected by -DPROOF_<PACKET>) over every input of 0..PROOF_N
 * bytes of unknown content, any version (the three and every other int),
 * with lim NULL or a limits struct of unknown size limit, flags and role,
 * and diag, used and out each NULL or not. After MQW_OK the iterators run
 * over what the parse returned: the property blocks (mqw_props_iter,
 * mqw_props_next, mqw_props_find with any id) and the entries of a
 * SUBSCRIBE or UNSUBSCRIBE.
 */
#include "proof.h"

/* Walk a parsed property block as a caller would. */
static void proof_props(const mqw_props *props)
{
    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, props);
    while (mqw_props_next(&it, &p)) {
    }
    mqw_props_find(props, Frama_C_unsigned_char_interval(0, UCHAR_MAX), PROOF_MAYBE(&p));
}

int main(void)
{
    size_t len = Frama_C_size_t_interval(0, PROOF_N);
    /*@ split len; */
    const uint8_t *buf = proof_bytes(len);
    mqw_limits lim_store;
    const mqw_limits *lim = proof_limits(&lim_store);
    int version = proof_version();
    mqw_diag diag_store;
    mqw_diag *diag = PROOF_MAYBE(&diag_store);
    size_t used_store;
    size_t *used = PROOF_MAYBE(&used_store);
    int rc;
#if defined(PROOF_CONNECT)
    mqw_connect out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_connect_parse(buf, len, out, lim, diag, used);
    if (rc == MQW_OK && out) {
        proof_props(&out->props);
        proof_props(&out->will_props);
    }
#elif defined(PROOF_CONNACK)
    mqw_connack out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_connack_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out)
        proof_props(&out->props);
#elif defined(PROOF_PUBLISH)
    mqw_publish out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_publish_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out)
        proof_props(&out->props);
#elif defined(PROOF_ACK)
    mqw_ack out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_ack_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out)
        proof_props(&out->props);
#elif defined(PROOF_SUBSCRIBE)
    mqw_subscribe out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_subscribe_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out) {
        proof_props(&out->props);
        mqw_iter it;
        mqw_subscription s;
        mqw_subscribe_iter(&it, out, version);
        while (mqw_subscribe_next(&it, &s)) {
        }
    }
#elif defined(PROOF_SUBACK)
    mqw_suback out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_suback_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out)
        proof_props(&out->props);
#elif defined(PROOF_UNSUBSCRIBE)
    mqw_unsubscribe out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_unsubscribe_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out) {
        proof_props(&out->props);
        mqw_iter it;
        mqw_subscription s;
        mqw_unsubscribe_iter(&it, out, version);
        while (mqw_unsubscribe_next(&it, &s)) {
        }
    }
#elif defined(PROOF_UNSUBACK)
    mqw_unsuback out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_unsuback_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out)
        proof_props(&out->props);
#elif defined(PROOF_PING)
    rc = mqw_ping_parse(buf, len, Frama_C_int_interval(INT_MIN, INT_MAX), version, lim, diag, used);
#elif defined(PROOF_DISCONNECT)
    mqw_disconnect out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_disconnect_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out)
        proof_props(&out->props);
#elif defined(PROOF_AUTH)
    mqw_auth out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_auth_parse(buf, len, out, version, lim, diag, used);
    if (rc == MQW_OK && out)
        proof_props(&out->props);
#elif defined(PROOF_ANY)
    /* mqw_parse: the dispatch, every type through its parser. */
    mqw_packet out_store, *out = PROOF_MAYBE(&out_store);
    rc = mqw_parse(buf, len, out, version, lim, diag, used);
#else
#error "define one PROOF_<PACKET>"
#endif
    return rc;
}
