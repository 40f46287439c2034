/* kasir-connection-badge.h — the header bar's view of the connection to the server.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-sync-service.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CONNECTION_BADGE (kasir_connection_badge_get_type ())

G_DECLARE_FINAL_TYPE (KasirConnectionBadge, kasir_connection_badge, KASIR, CONNECTION_BADGE, AdwBin)

GtkWidget        *kasir_connection_badge_new           (void);
KasirSyncService *kasir_connection_badge_get_service   (KasirConnectionBadge *self);
void              kasir_connection_badge_set_service   (KasirConnectionBadge *self,
                                                        KasirSyncService     *service);
/* What the badge shows now, for people and for tests. */
const char       *kasir_connection_badge_get_text      (KasirConnectionBadge *self);
const char       *kasir_connection_badge_get_icon_name (KasirConnectionBadge *self);
gint64            kasir_connection_badge_get_pending   (KasirConnectionBadge *self);

/* "5 minutes", "3 hours" — how long a span is, for people. */
char             *kasir_format_duration                (GTimeSpan             span);

G_END_DECLS
