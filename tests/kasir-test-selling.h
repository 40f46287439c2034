/* kasir-test-selling.h — the selling tests' fixture: a real encrypted database with three
 * products in a temporary directory, and a window on the (virtual) display.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-repository.h"
#include "kasir-sync-service.h"

typedef struct
{
  char          *dir;
  char          *path;
  guint8         key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;
} Fixture;

G_BEGIN_DECLS

KasirProduct *
product (gint64      id,
         const char *name,
         const char *sku,
         const char *barcode,
         KasirMoney  price);

void
fixture_open (Fixture *f);

void
fixture_set_up (Fixture       *f,
                gconstpointer  data);

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data);

void
iterate (void);

gboolean
wait_for (gboolean (*check) (gpointer),
          gpointer  data);

KasirWindow *
make_window (Fixture          *f,
             KasirSyncService *service);

void
destroy_window (KasirWindow *window);

const KasirCart *
cart_of (KasirSellingView *view);

guint
count_visible_others (GtkWindow *keep);

void
close_other_windows (GtkWindow *keep);

G_END_DECLS
