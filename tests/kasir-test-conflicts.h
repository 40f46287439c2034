/* kasir-test-conflicts.h — what the conflict and outbox-export tests share: a till synced
 * to the end, taken off and on the network, a cash sale.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sync-test-util.h"

typedef SyncTestTill Till;

typedef SyncTestOutlet Fixture;

G_BEGIN_DECLS

void
sync_till (Till *till);

void
go_offline (Till *till);

void
go_online (Till *till);

char *
sell (KasirDatabase *db,
      gint64         product_id,
      gint64         qty,
      gint64         staff_id);

G_END_DECLS
