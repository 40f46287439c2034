/* kasir-server-log.h — the server's log lines with their facts as fields of their own.
 *
 * Under systemd the journal keeps each field apart, so an operator can ask for one
 * till's lines (journalctl KASIR_TERMINAL_ID=7), one outlet's, or every rejection
 * (journalctl KASIR_STATUS=rejected). Never pass a token, a code, a PIN or a body.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @terminal_id, @outlet_id, @seq: 0 when not known; @status: NULL when not one (else
 * "applied", "rejected", "seq_gap", "enrolled"…). */
void kasir_server_log (GLogLevelFlags  level,
                       gint64          terminal_id,
                       gint64          outlet_id,
                       gint64          seq,
                       const char     *status,
                       const char     *format,
                       ...) G_GNUC_PRINTF (6, 7);

G_END_DECLS
