/* kasir-void-sale.h — voiding the till's last sale.
 *
 * A void is a refund of everything of the last sale that is not given back yet, with
 * the reason "void", allowed within the "void.window_minutes" setting (10 by default)
 * after the sale and approved by a manager (kasir-approval.h), whose staff id the
 * sale.refund mutation records.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-protocol.h"
#include "kasir-till-context.h"

G_BEGIN_DECLS

#define KASIR_VOID_DEFAULT_WINDOW_MINUTES 10

void         kasir_void_last_sale_async  (KasirTillContext     *context,
                                          GtkWindow            *parent,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* The refund written, or NULL: KASIR_INPUT_ERROR_STATE (no sale, too old, nothing left
 * to give back), the approval's errors (G_IO_ERROR_CANCELLED when dismissed). */
KasirRefund *kasir_void_last_sale_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
