/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* mqw_utf8_check over every string of 0..PROOF_N bytes, any flags. */
#include "proof.h"

int main(void)
{
    size_t len = Frama_C_size_t_interval(0, PROOF_N);
    /*@ split len; */
    mqw_bytes s;
    s.ptr = proof_bytes(len);
    s.len = len;
    mqw_diag diag;
    return mqw_utf8_check(s, Frama_C_unsigned_int_interval(0, UINT_MAX), PROOF_MAYBE(&diag));
}
