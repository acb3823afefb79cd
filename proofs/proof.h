/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * What every analysis harness shares: inputs of unknown content in
 * allocations of exactly their length (so a read at or after buf + len,
 * or before buf, is an alarm), and the option and out-parameter
 * combinations a caller may pass. Only Frama-C reads this file.
 */
#ifndef MQW_PROOF_H
#define MQW_PROOF_H

#include <limits.h>
#include <stdlib.h>

#include "__fc_builtin.h"
#include "mqttwire.h"

/* Sizes: inputs of 0..PROOF_N bytes, builder capacities of 0..PROOF_M. */
#ifndef PROOF_N
#define PROOF_N 64
#endif
#ifndef PROOF_M
#define PROOF_M 64
#endif

/* len bytes of unknown content in an allocation of exactly len bytes; NULL
 * is a possible answer when len is 0 (the API allows it). */
static const uint8_t *proof_bytes(size_t len)
{
    if (len == 0 && Frama_C_nondet(0, 1))
        return NULL;
    uint8_t *p = malloc(len);
    if (!p)
        abort();
    Frama_C_make_unknown((char *)p, len);
    return p;
}

/* A writable buffer of exactly cap bytes (content unknown), or NULL. */
static uint8_t *proof_out(size_t cap)
{
    if (Frama_C_nondet(0, 1))
        return NULL;
    uint8_t *p = malloc(cap);
    if (!p)
        abort();
    Frama_C_make_unknown((char *)p, cap);
    return p;
}

/* NULL or a limits struct of unknown size limit, flags and role. */
static const mqw_limits *proof_limits(mqw_limits *lim)
{
    lim->max_packet_size = Frama_C_unsigned_int_interval(0, UINT_MAX);
    lim->flags = Frama_C_unsigned_int_interval(0, UINT_MAX);
    lim->role = (uint8_t)Frama_C_unsigned_char_interval(0, UCHAR_MAX);
    return Frama_C_nondet(0, 1) ? lim : NULL;
}

/* Any int: the known versions and every other value. */
static int proof_version(void)
{
    return Frama_C_int_interval(INT_MIN, INT_MAX);
}

/* Optional out-parameters: NULL or the caller's object. */
#define PROOF_MAYBE(p) (Frama_C_nondet(0, 1) ? (p) : NULL)

#endif /* MQW_PROOF_H */
