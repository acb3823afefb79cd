/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* mqw_topic_matches over every filter and every name of 0..PROOF_N bytes
 * each, not validated first: the matcher must stay in bounds whatever it
 * is given. */
#include "proof.h"

int main(void)
{
    size_t flen = Frama_C_size_t_interval(0, PROOF_N);
    /*@ split flen; */
    size_t nlen = Frama_C_size_t_interval(0, PROOF_N);
    /*@ split nlen; */
    mqw_bytes filter, name;
    filter.ptr = proof_bytes(flen);
    filter.len = flen;
    name.ptr = proof_bytes(nlen);
    name.len = nlen;
    return mqw_topic_matches(filter, name);
}
