/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqw_parse on arbitrary bytes, under every version and option set.
 * Invariants:
 *  - no read outside the input (the packet is copied to a buffer of its
 *    exact size, so ASan sees the first byte past it);
 *  - MQW_OK: `used` fits the input, the packet rebuilds; the rebuild is the
 *    input bytes, or (for forms the builder writes shorter: 5.0 ack short
 *    forms, lenient encodings, 3.1's ignored bits) bytes no longer than the
 *    input that parse back to an equal packet;
 *  - the builder refuses a parsed packet only where the spec lets a receiver
 *    accept what a sender must not send (a lenient option, C-10 per-filter
 *    failures under MQW_LENIENT_FILTERS, C-22 empty 3.1 lists); without
 *    MQW_LENIENT_FILTERS no parsed entry has a bad status;
 *  - MQW_ERR_NEED_MORE: `used` is more than the input;
 *  - any other error: the diag offset is inside the input and the error is
 *    a named code with a reason code for the peer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_options.h"
#include "packet_eq.h"

/* Forms a receiver accepts but a sender must not send, so the builder
 * refuses them: a bad filter (C-10, only with MQW_LENIENT_FILTERS, checked
 * by the caller) or an empty 3.1 list (C-22), a reserved 3.x CONNACK return
 * code (C-5), DISCONNECT 0x8C (C-26). */
static bool receiver_only_form(const mqw_packet *p, int version)
{
    mqw_iter it;
    mqw_subscription s;
    if (p->type == MQW_CONNACK && version != MQW_V5 && p->u.connack.code > 5)
        return true;
    if (p->type == MQW_DISCONNECT && p->u.disconnect.code == 0x8C)
        return true;
    if (p->type == MQW_SUBSCRIBE) {
        if (p->u.subscribe.n == 0)
            return true;
        mqw_subscribe_iter(&it, &p->u.subscribe, version);
        while (mqw_subscribe_next(&it, &s))
            if (s.status != MQW_OK)
                return true;
    } else if (p->type == MQW_UNSUBSCRIBE) {
        if (p->u.unsubscribe.n == 0)
            return true;
        mqw_unsubscribe_iter(&it, &p->u.unsubscribe, version);
        while (mqw_unsubscribe_next(&it, &s))
            if (s.status != MQW_OK)
                return true;
    }
    return false;
}

/* The entries of a parsed SUBSCRIBE or UNSUBSCRIBE whose status flags a
 * bad filter. */
static size_t flagged_filters(const mqw_packet *p, int version)
{
    mqw_iter it;
    mqw_subscription s;
    size_t n = 0;
    if (p->type == MQW_SUBSCRIBE) {
        mqw_subscribe_iter(&it, &p->u.subscribe, version);
        while (mqw_subscribe_next(&it, &s))
            n += s.status != MQW_OK;
    } else if (p->type == MQW_UNSUBSCRIBE) {
        mqw_unsubscribe_iter(&it, &p->u.unsubscribe, version);
        while (mqw_unsubscribe_next(&it, &s))
            n += s.status != MQW_OK;
    }
    return n;
}

static bool parse_error(int rc)
{
    return rc <= -10 && rc > -70;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < FUZZ_OPTION_BYTES)
        return 0;
    int version;
    mqw_limits lim;
    fuzz_options_decode(data, &version, &lim);
    size_t len = size - FUZZ_OPTION_BYTES;
    uint8_t *buf = malloc(len ? len : 1);
    FUZZ_CHECK(buf != NULL);
    memcpy(buf, data + FUZZ_OPTION_BYTES, len);

    mqw_packet pkt;
    mqw_diag diag;
    size_t used = 0;
    int rc = mqw_parse(buf, len, &pkt, version, fuzz_limits_or_null(&lim), &diag, &used);

    /* The fast paths against the full code: with a flag that changes
     * nothing for this packet (fuzz_neutral_flag), the verdict, offset,
     * rule, length and packet must be the same. */
    if (len && !(lim.flags & fuzz_neutral_flag(buf[0] >> 4))) {
        mqw_limits full_lim = lim;
        full_lim.flags |= fuzz_neutral_flag(buf[0] >> 4);
        mqw_packet full;
        mqw_diag full_diag;
        size_t full_used = 0;
        int full_rc = mqw_parse(buf, len, &full, version, &full_lim, &full_diag, &full_used);
        FUZZ_CHECK_MSG(full_rc == rc, "full path %s, hot path %s", mqw_strerror(full_rc),
                       mqw_strerror(rc));
        if (rc == MQW_OK || rc == MQW_ERR_NEED_MORE)
            FUZZ_CHECK(full_used == used);
        if (rc != MQW_OK && rc != MQW_ERR_NEED_MORE)
            FUZZ_CHECK(full_diag.offset == diag.offset &&
                       (full_diag.rule == diag.rule ||
                        (full_diag.rule && diag.rule && !strcmp(full_diag.rule, diag.rule))));
        char why[256];
        if (rc == MQW_OK)
            FUZZ_CHECK_MSG(!packet_diff(&pkt, &full, version, why, sizeof why),
                           "full path parse differs: %s", why);
    }

    if (rc == MQW_ERR_NEED_MORE) {
        FUZZ_CHECK(used > len);
    } else if (rc != MQW_OK) {
        FUZZ_CHECK(parse_error(rc));
        FUZZ_CHECK(strcmp(mqw_strerror(rc), "MQW_ERR_?") != 0);
        FUZZ_CHECK(mqw_reason_code(rc) >= 0x80);
        FUZZ_CHECK(diag.offset < len);
    } else {
        FUZZ_CHECK(used >= 2 && used <= len);
        /* Strict by default: a bad filter parses only with
         * MQW_LENIENT_FILTERS, and n_bad counts what the iterator flags. */
        if (pkt.type == MQW_SUBSCRIBE || pkt.type == MQW_UNSUBSCRIBE) {
            size_t n_bad =
                pkt.type == MQW_SUBSCRIBE ? pkt.u.subscribe.n_bad : pkt.u.unsubscribe.n_bad;
            FUZZ_CHECK(n_bad == flagged_filters(&pkt, version));
            FUZZ_CHECK(n_bad == 0 || (lim.flags & MQW_LENIENT_FILTERS));
        }
        int build_version = pkt.type == MQW_CONNECT ? pkt.u.connect.version : version;
        /* The builder speaks for the peer that sent the packet. */
        mqw_limits out = {0, lim.flags, 0};
        out.role = lim.role == MQW_ROLE_SERVER   ? MQW_ROLE_CLIENT
                   : lim.role == MQW_ROLE_CLIENT ? MQW_ROLE_SERVER
                                                 : MQW_ROLE_ANY;
        size_t need = 0;
        int brc = mqw_size(&pkt, version, &out, &need);
        if (brc != MQW_OK) {
            bool lenient = (lim.flags & (0xFFu | MQW_LENIENT_FILTERS)) != 0 ||
                           receiver_only_form(&pkt, version);
            FUZZ_CHECK_MSG(lenient, "parsed %s refused by the builder: %s (%s)",
                           mqw_packet_name(pkt.type), mqw_strerror(brc), "no lenient option");
        } else {
            uint8_t *re = malloc(need);
            FUZZ_CHECK(re != NULL);
            size_t blen = 0;
            FUZZ_CHECK(mqw_build(re, need, &pkt, version, &out, NULL, &blen) == MQW_OK);
            FUZZ_CHECK(blen == need);
            if (blen != used || memcmp(re, buf, used) != 0) {
                /* Not the input's form: must be shorter or equal, and mean
                 * the same packet. */
                FUZZ_CHECK_MSG(blen <= used, "%s rebuilt longer (%zu > %zu)",
                               mqw_packet_name(pkt.type), blen, used);
                mqw_packet again;
                size_t used2 = 0;
                int rc2 = mqw_parse(re, blen, &again, build_version, &lim, NULL, &used2);
                FUZZ_CHECK_MSG(rc2 == MQW_OK, "rebuilt %s does not parse: %s",
                               mqw_packet_name(pkt.type), mqw_strerror(rc2));
                FUZZ_CHECK(used2 == blen);
                char why[256];
                FUZZ_CHECK_MSG(!packet_diff(&pkt, &again, version, why, sizeof why),
                               "rebuilt %s differs: %s", mqw_packet_name(pkt.type), why);
            }
            free(re);
        }
    }
    free(buf);
    return 0;
}
