/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The first three bytes of a parse/frame fuzz input choose the version and
 * the mqw_limits; the rest is the packet. The test suite writes its vectors
 * in the same form (tests/util.c, MQW_CORPUS_DIR), so every test vector is
 * a seed with the options it was tested under.
 *
 *   byte 0: version = 3 + b % 3, role = (b / 3) % 3, size class = (b / 9) % 4
 *   bytes 1-2: mqw_limits.flags, low byte first (bits 0..15; bit 15,
 *   MQW_LENIENT_FILTERS, was unused before it existed, so older corpus
 *   inputs with that bit set now also parse filters leniently)
 */
#ifndef MQW_FUZZ_OPTIONS_H
#define MQW_FUZZ_OPTIONS_H

#include "mqttwire.h"

#define FUZZ_OPTION_BYTES 3

/* Class 1 is below every packet: the edge where the first byte alone
 * proves a packet too large. */
static const uint32_t fuzz_size_classes[4] = {0, 1, 16, 128};

static inline void fuzz_options_decode(const uint8_t *p, int *version, mqw_limits *lim)
{
    *version = 3 + p[0] % 3;
    lim->role = (uint8_t)((p[0] / 3) % 3);
    lim->max_packet_size = fuzz_size_classes[(p[0] / 9) % 4];
    lim->flags = (uint32_t)p[1] | (uint32_t)p[2] << 8;
}

static inline void fuzz_options_encode(int version, const mqw_limits *lim, uint8_t *p)
{
    unsigned size_class = 0;
    for (unsigned i = 1; i < 4; i++)
        if (lim->max_packet_size == fuzz_size_classes[i])
            size_class = i;
    p[0] = (uint8_t)((version - 3) + 3 * lim->role + 9 * size_class);
    p[1] = (uint8_t)lim->flags;
    p[2] = (uint8_t)(lim->flags >> 8);
}

/* An option flag that changes nothing for a packet of `type` but sends
 * the call down the full code, past the fast paths (lib/wire.h), so that
 * the two can be compared: MQW_LENIENT_FILTERS reaches only SUBSCRIBE and
 * UNSUBSCRIBE lists (and no builder), MQW_ALLOW_BRIDGE only CONNECT. */
static inline uint32_t fuzz_neutral_flag(int type)
{
    return type == MQW_SUBSCRIBE || type == MQW_UNSUBSCRIBE ? MQW_ALLOW_BRIDGE
                                                            : MQW_LENIENT_FILTERS;
}

/* NULL when the options are all defaults, so the parsers' inline fast
 * path (taken only without limits) is fuzzed as well. */
static inline const mqw_limits *fuzz_limits_or_null(const mqw_limits *lim)
{
    return lim->flags || lim->role || lim->max_packet_size ? lim : NULL;
}

#endif
