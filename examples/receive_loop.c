/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The receive loop of a server or a sniffer: read a byte stream (stdin) in
 * whatever chunks arrive and let mqw_parse cut it into packets: it frames
 * each packet once, says how many bytes it needs while one is incomplete,
 * and parses it when it is whole. Stops at the first bad packet and says
 * where and why.
 *
 *   printf '\x10\x0d\x00\x04MQTT\x04\x02\x00\x3c\x00\x01c\xc0\x00' | ./receive_loop
 *
 * Optional argument: the protocol level to start with (3, 4 or 5); a
 * CONNECT in the stream sets it for the packets after it.
 */
#define _POSIX_C_SOURCE 200809L /* read() under -std=c99 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mqttwire.h"

int main(int argc, char **argv)
{
    static uint8_t buf[65536];
    size_t have = 0;
    int version = argc > 1 ? atoi(argv[1]) : MQW_V311;
    /* Refuse what the buffer cannot hold, as soon as the header says so. */
    mqw_limits lim = {sizeof buf, 0, MQW_ROLE_ANY};

    for (;;) {
        mqw_packet pkt;
        mqw_diag diag;
        size_t need = 0;
        int rc = mqw_parse(buf, have, &pkt, version, &lim, &diag, &need);
        if (rc == MQW_ERR_NEED_MORE) {
            ssize_t n = read(STDIN_FILENO, buf + have, sizeof buf - have);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (have == 0)
                    return 0;
                fprintf(stderr, "stream ends inside a packet (%zu of %zu+ bytes)\n", have, need);
                return 1;
            }
            have += (size_t)n;
            continue;
        }
        if (rc != MQW_OK) {
            char text[200];
            mqw_diag_format(text, sizeof text, rc, &diag, MQW_DIAG_PARSE, NULL);
            fprintf(stderr, "%s\n", text);
            return 1;
        }
        printf("%s, %zu bytes\n", mqw_packet_name(pkt.type), need);
        if (pkt.type == MQW_CONNECT)
            version = pkt.u.connect.version;
        memmove(buf, buf + need, have - need);
        have -= need;
    }
}
