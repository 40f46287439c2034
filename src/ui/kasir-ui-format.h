/* kasir-ui-format.h — times as the till shows them (receipts, the manager's windows).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An RFC 3339 time as local "YYYY-MM-DD HH:MM"; the text itself when it is not one. */
char *kasir_ui_format_time (const char *rfc3339);

G_END_DECLS
