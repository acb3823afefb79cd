/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* The topic checks over every string of 0..PROOF_N bytes, any flags, any
 * version; mqw_topic_share over the same; mqw_topic_matches over every
 * filter and name of 0..PROOF_N bytes each (not validated first: the
 * matcher must stay in bounds whatever it is given). */
#include "proof.h"

int main(void)
{
    size_t len = Frama_C_size_t_interval(0, PROOF_N);
    /*@ split len; */
    mqw_bytes s;
    s.ptr = proof_bytes(len);
    s.len = len;
    mqw_diag diag;
    uint32_t flags = Frama_C_unsigned_int_interval(0, UINT_MAX);
    int rc = mqw_topic_name_check(s, flags, PROOF_MAYBE(&diag));
    rc |= mqw_topic_filter_check(s, proof_version(), flags, PROOF_MAYBE(&diag));
    mqw_bytes group, inner;
    rc |= mqw_topic_share(s, PROOF_MAYBE(&group), PROOF_MAYBE(&inner));
    return rc;
}
