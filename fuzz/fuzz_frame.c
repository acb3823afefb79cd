/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqw_frame over a stream delivered in fuzzer-chosen chunks must find the
 * same packets, in the same order, with the same verdict, as framing the
 * whole stream at once; and every "need more" count must be exact: never
 * more than the packet turns out to need, and equal to its length once the
 * fixed header is complete. mqw_parse, the one call of the README's loop,
 * must answer every partial packet exactly as mqw_frame does (the same
 * count, the same refusal at the same offset), and a whole one with the
 * same length or an error of its body.
 *
 * Input: 3 option bytes (fuzz_options.h), 1 byte k = number of chunks
 * (k % 16), k chunk-size bytes, then the stream.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_options.h"

#define MAX_PACKETS 512

typedef struct framing {
    size_t n;                  /* packets framed */
    size_t total[MAX_PACKETS]; /* their lengths */
    int end_rc;                /* what stopped the framing */
    size_t end_at;             /* stream offset where it stopped */
} framing;

/* Frame the whole stream at once. */
static void frame_all(const uint8_t *s, size_t len, int version, const mqw_limits *lim, framing *f)
{
    size_t off = 0;
    f->n = 0;
    for (;;) {
        mqw_frame_info fi;
        size_t used = 0;
        uint8_t *copy = malloc(len - off ? len - off : 1);
        FUZZ_CHECK(copy != NULL);
        memcpy(copy, s + off, len - off);
        int rc = mqw_frame(copy, len - off, &fi, version, lim, NULL, &used);
        free(copy);
        if (rc != MQW_OK || f->n == MAX_PACKETS) {
            f->end_rc = rc;
            f->end_at = off;
            return;
        }
        FUZZ_CHECK(fi.total_len == used && used >= 2 && used <= len - off);
        FUZZ_CHECK(fi.total_len == (size_t)fi.header_len + fi.remaining);
        f->total[f->n++] = used;
        off += used;
    }
}

/* mqw_parse frames with the step mqw_frame uses. A CONNECT is framed with
 * the rules every version shares (its version is in its body), so with
 * another version it may judge a header differently: left out. */
static void check_parse_agrees(const uint8_t *buf, size_t len, int version, const mqw_limits *lim,
                               int frame_rc, const mqw_diag *fd, size_t frame_used)
{
    if (len && buf[0] >> 4 == MQW_CONNECT && version != MQW_V311)
        return;
    mqw_packet pkt;
    mqw_diag pd;
    size_t used = 0;
    int rc = mqw_parse(buf, len, &pkt, version, lim, &pd, &used);
    if (frame_rc == MQW_OK) {
        FUZZ_CHECK(rc != MQW_ERR_NEED_MORE);
        if (rc == MQW_OK)
            FUZZ_CHECK(used == frame_used);
        return;
    }
    FUZZ_CHECK(rc == frame_rc);
    if (rc == MQW_ERR_NEED_MORE)
        FUZZ_CHECK(used == frame_used);
    else
        FUZZ_CHECK(pd.offset == fd->offset);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < FUZZ_OPTION_BYTES + 1)
        return 0;
    int version;
    mqw_limits lim;
    fuzz_options_decode(data, &version, &lim);
    size_t k = data[FUZZ_OPTION_BYTES] % 16;
    size_t head = FUZZ_OPTION_BYTES + 1 + k;
    if (size < head)
        return 0;
    const uint8_t *chunks = data + FUZZ_OPTION_BYTES + 1;
    const uint8_t *s = data + head;
    size_t len = size - head;

    framing whole;
    frame_all(s, len, version, &lim, &whole);

    /* Receive the stream chunk by chunk into a buffer, framing whatever is
     * buffered after each arrival, as a network reader would. */
    size_t have = 0;  /* bytes of the stream delivered so far */
    size_t start = 0; /* stream offset of the first unframed byte */
    size_t found = 0;
    int end_rc = MQW_ERR_NEED_MORE;
    for (size_t c = 0; c <= k && end_rc == MQW_ERR_NEED_MORE; c++) {
        size_t step = c < k ? (size_t)chunks[c] + 1 : len - have;
        have = have + step > len ? len : have + step;
        while (found < MAX_PACKETS) {
            size_t avail = have - start;
            uint8_t *copy = malloc(avail ? avail : 1);
            FUZZ_CHECK(copy != NULL);
            memcpy(copy, s + start, avail);
            mqw_frame_info fi;
            memset(&fi, 0, sizeof fi);
            size_t used = 0;
            mqw_diag fd;
            int rc = mqw_frame(copy, avail, &fi, version, &lim, &fd, &used);
            check_parse_agrees(copy, avail, version, &lim, rc, &fd, used);
            free(copy);
            if (rc == MQW_ERR_NEED_MORE) {
                FUZZ_CHECK(used > avail);
                if (found < whole.n) {
                    /* Never asks for more than the packet has; exactly its
                     * length once the header is known (header_len set). */
                    FUZZ_CHECK(used <= whole.total[found]);
                    if (fi.header_len)
                        FUZZ_CHECK(used == whole.total[found] && used == fi.total_len);
                }
                break;
            }
            if (rc != MQW_OK) {
                end_rc = rc;
                FUZZ_CHECK(found == whole.n && whole.end_rc == rc && whole.end_at == start);
                break;
            }
            FUZZ_CHECK(found < whole.n && used == whole.total[found]);
            found++;
            start += used;
        }
        if (found == MAX_PACKETS)
            break;
    }
    if (found < MAX_PACKETS && end_rc == MQW_ERR_NEED_MORE) {
        /* The whole stream has arrived: the same packets, the same end. */
        FUZZ_CHECK(found == whole.n);
        FUZZ_CHECK(whole.end_rc == MQW_ERR_NEED_MORE);
    }
    return 0;
}
