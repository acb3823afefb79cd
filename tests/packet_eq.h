/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Deep comparison of two packets, without any test framework, so that the
 * Check suites (tests/util.c) and the fuzz harnesses (fuzz/) share one
 * definition of "the same packet".
 */
#ifndef MQW_PACKET_EQ_H
#define MQW_PACKET_EQ_H

#include <stdbool.h>
#include <stddef.h>

#include "mqttwire.h"

/* Compare `want` with `got` field by field. Properties may be in list or
 * raw form on either side and are compared property by property;
 * SUBSCRIBE/UNSUBSCRIBE lists may be arrays or parsed views; a builder's
 * UNSUBSCRIBE array carries filters only, so status and options are
 * compared only between two parsed lists; protocol_name and ack.type are
 * compared only when `want` sets them (builders ignore them).
 * Returns true when they differ, with the first difference described in
 * msg[0..cap) (always NUL-terminated when cap > 0). */
bool packet_diff(const mqw_packet *want, const mqw_packet *got, int version, char *msg, size_t cap);

/* Hex of a view for messages: at most cap - 1 characters, "..." when cut. */
const char *packet_eq_hex(mqw_bytes b, char *text, size_t cap);

#endif
