/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * lib/session.c over event sequences read from the input, against the
 * model of tests/session_model.h (the invariants are listed there: no
 * identifier in use twice, QoS 2 exactly once and QoS 1 at least once
 * across kept sessions, the ordering rules, nothing past the window, no
 * violation between two correct sessions, every flow ended once the
 * connection settles).
 *
 * Input: 8 bytes of set-up (see model_begin; missing bytes are 0), then
 * pairs of bytes: an event (modulo MODEL_EVENTS) and its argument.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_model.h"

void model_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t cfg[8] = {0};
    size_t n = size < sizeof cfg ? size : sizeof cfg;
    if (n)
        memcpy(cfg, data, n);
    model_begin(cfg);
    /* At most 4096 events: the model's message records are sized for it. */
    for (size_t i = n; i + 1 < size && i < n + 8192; i += 2)
        model_step((uint8_t)(data[i] % MODEL_EVENTS), data[i + 1]);
    model_settle();
    return 0;
}
