/* kasir-text-row.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-text-row.h"

struct _KasirTextRow
{
  GObject  parent_instance;

  gint64   id;
  int      state;
  char   **cells;
  char    *style;
};

G_DEFINE_FINAL_TYPE (KasirTextRow, kasir_text_row, G_TYPE_OBJECT)

static void
kasir_text_row_finalize (GObject *object)
{
  KasirTextRow *self = KASIR_TEXT_ROW (object);

  g_strfreev (self->cells);
  g_free (self->style);

  G_OBJECT_CLASS (kasir_text_row_parent_class)->finalize (object);
}

static void
kasir_text_row_class_init (KasirTextRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kasir_text_row_finalize;
}

static void
kasir_text_row_init (KasirTextRow *self)
{
}

KasirTextRow *
kasir_text_row_new (gint64              id,
                    int                 state,
                    const char * const *cells,
                    const char         *style)
{
  KasirTextRow *self = g_object_new (KASIR_TYPE_TEXT_ROW, NULL);

  self->id = id;
  self->state = state;
  self->cells = g_strdupv ((char **) cells);
  self->style = g_strdup (style);
  return self;
}

gint64
kasir_text_row_get_id (KasirTextRow *self)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), 0);
  return self->id;
}

int
kasir_text_row_get_state (KasirTextRow *self)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), 0);
  return self->state;
}

const char *
kasir_text_row_get_cell (KasirTextRow *self,
                         guint         column)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), "");
  if (self->cells == NULL || column >= g_strv_length (self->cells))
    return "";
  return self->cells[column];
}

const char *
kasir_text_row_get_style (KasirTextRow *self)
{
  g_return_val_if_fail (KASIR_IS_TEXT_ROW (self), NULL);
  return self->style;
}

/* ---- Text columns ---- */

/* What one column's factory shows: given to its handlers, freed with the factory. */
typedef struct
{
  guint    column;
  gboolean wrap;
} TextColumn;

static void
text_cell_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 TextColumn               *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The wide columns carry sentences (why a change was refused, who resolved first):
   * they wrap rather than hide the end. The narrow ones (times, counts) keep their full
   * width; the list scrolls sideways when the window is too narrow. */
  if (spec->wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }

  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_list_item_set_child (item, label);
}

static void
text_cell_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TextColumn               *spec)
{
  KasirTextRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = kasir_text_row_get_cell (row, spec->column);
  const char *classes[] = { row->style, NULL };

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, *text != '\0' ? text : NULL);
  /* A recycled label takes this row's style and drops the previous row's. */
  gtk_widget_set_css_classes (label, classes);
}

GtkColumnViewColumn *
kasir_text_row_add_column (GtkColumnView *view,
                           const char    *title,
                           guint          column,
                           gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  TextColumn *spec = g_new0 (TextColumn, 1);
  GtkColumnViewColumn *col;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  spec->column = column;
  spec->wrap = expand;
  g_signal_connect (factory, "setup", G_CALLBACK (text_cell_setup), spec);
  g_signal_connect_data (factory, "bind", G_CALLBACK (text_cell_bind), spec,
                         (GClosureNotify) g_free, 0);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (view, col);
  g_object_unref (col);
  return col;
}
