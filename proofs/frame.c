/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* mqw_frame over every input of 0..PROOF_N bytes, every version, with and
 * without limits. */
#include "proof.h"

int main(void)
{
    size_t len = Frama_C_size_t_interval(0, PROOF_N);
    /*@ split len; */
    const uint8_t *buf = proof_bytes(len);
    mqw_limits lim_store;
    const mqw_limits *lim = proof_limits(&lim_store);
    mqw_frame_info info;
    mqw_diag diag;
    size_t used;
    int rc = mqw_frame(buf, len, PROOF_MAYBE(&info), proof_version(), lim, PROOF_MAYBE(&diag),
                       PROOF_MAYBE(&used));
    return rc;
}
