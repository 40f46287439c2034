/* ui-test-util.h — rendering widgets in the UI tests.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include <gtk/gtk.h>

/* Runs the main loop for @ms milliseconds, so that transitions and animations end. */
G_GNUC_UNUSED static void
kasir_test_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

/* Renders @widget as it is on screen and returns the picture. With $KASIR_SCREENSHOT_DIR
 * set, it is also saved there as @name (build-aux/dev screenshots uses that for the
 * AppStream metainfo and the help pages). */
G_GNUC_UNUSED static GdkTexture *
kasir_test_render (GtkWidget  *widget,
                   const char *name)
{
  const char *dir = g_getenv ("KASIR_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  int width = 0;
  int height = 0;

  /* A window just presented or changed may not have been laid out and drawn yet: let the
   * main loop run until it has something to show. */
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      GtkSnapshot *snapshot;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width <= 0 || height <= 0)
        {
          g_usleep (10000);
          continue;
        }
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        g_usleep (10000);
    }
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (dir != NULL && *dir != '\0')
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("screenshot: %s", path);
    }

  return texture;
}

typedef gboolean (*KasirTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget at or under @root (depth first) that @match accepts, or NULL. */
G_GNUC_UNUSED static GtkWidget *
kasir_test_find_widget (GtkWidget            *root,
                        KasirTestWidgetMatch  match,
                        gconstpointer         data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kasir_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Appends the text of every label and inscription (a list cell) shown at or under @widget
 * to @out, one a line (a hidden widget hides what it holds). */
G_GNUC_UNUSED static void
kasir_test_collect_labels (GtkWidget *widget,
                           GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL)
    g_string_append_printf (out, "%s\n", gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kasir_test_collect_labels (child, out);
}

/* The relative luminance of a pixel (WCAG 2), from its straight sRGB channels. */
G_GNUC_UNUSED static double
kasir_test_luminance (guint8 r,
                      guint8 g,
                      guint8 b)
{
  double c[3] = { r / 255.0, g / 255.0, b / 255.0 };

  for (guint i = 0; i < 3; i++)
    c[i] = c[i] <= 0.04045 ? c[i] / 12.92 : pow ((c[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* How well text reads in @area of @texture: the WCAG contrast ratio (1 to 21) between
 * the area's most common colour, its background, and the pixel that differs most from
 * it, the darkest or lightest stroke of its text. White text on a white tile gives 1. */
G_GNUC_UNUSED static double
kasir_test_contrast (GdkTexture            *texture,
                     const graphene_rect_t *area)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  int x0 = MAX (0, (int) area->origin.x);
  int y0 = MAX (0, (int) area->origin.y);
  int x1 = MIN (width, (int) (area->origin.x + area->size.width));
  int y1 = MIN (height, (int) (area->origin.y + area->size.height));
  guint32 background = 0;
  guint best = 0;
  double bg_luminance;
  double ratio = 1.0;

  g_assert_cmpint (x1, >, x0);
  g_assert_cmpint (y1, >, y0);
  /* Cairo's ARGB32: one native-endian 32-bit word a pixel; the window is opaque. */
  gdk_texture_download (texture, pixels, stride);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 pixel = ((guint32 *) (pixels + y * stride))[x];
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (pixel))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (pixel), GUINT_TO_POINTER (n));
        if (n > best)
          {
            best = n;
            background = pixel;
          }
      }
  bg_luminance = kasir_test_luminance ((background >> 16) & 0xff, (background >> 8) & 0xff, background & 0xff);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 pixel = ((guint32 *) (pixels + y * stride))[x];
        double l = kasir_test_luminance ((pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff);

        ratio = MAX (ratio, (MAX (l, bg_luminance) + 0.05) / (MIN (l, bg_luminance) + 0.05));
      }
  return ratio;
}

#include "kasir-till-context.h"

/* A till context on @db with @service (may be NULL) and @staff signed in (may be NULL),
 * as the application gives its windows and dialogs; released when the test case ends. */
G_GNUC_UNUSED static KasirTillContext *
kasir_test_context (KasirDatabase    *db,
                    KasirSyncService *service,
                    const KasirStaff *staff)
{
  KasirTillContext *context = kasir_till_context_new (NULL);

  kasir_till_context_set_database (context, db);
  kasir_till_context_set_sync_service (context, service);
  kasir_till_context_set_staff (context, staff);
  g_test_queue_unref (context);
  return context;
}

#include "kasir-pin.h"
#include "kasir-pin-dialog.h"
#include "kasir-staff-repository.h"

/* A staff member of @role with @pin, added on this till as a manager would; their id. */
G_GNUC_UNUSED static gint64
kasir_test_add_staff (KasirDatabase *db,
                      const char    *name,
                      const char    *role,
                      const char    *pin)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash (pin, &error);
  gint64 id;

  g_assert_no_error (error);
  id = kasir_staff_repository_add_local (repo, name, role, hash, &error);
  g_assert_no_error (error);
  return id;
}

/* The PIN prompt on screen, or NULL. */
G_GNUC_UNUSED static KasirPinDialog *
kasir_test_find_pin_prompt (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (KASIR_IS_PIN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return KASIR_PIN_DIALOG (window);
    }
  return NULL;
}
