/* kasir-row-list.h — the body the till's list windows share (the held sales, the open
 * orders): under a header bar, a line for what went wrong and a boxed list of rows to
 * activate, in a clamp that scrolls; a status page instead when there is no row.
 *
 * A window keeps a KasirRowList in its own struct, builds it once, fills it on each load
 * and clears it in dispose and finalize. What a row says, and what activating it does,
 * stay with the window.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct
{
  GtkListBox *list;
  GtkLabel   *message_label;
  GtkStack   *stack;
  GPtrArray  *rows;     /* GtkListBoxRow*, not owned: the list holds them */
  char       *message;  /* what the message line says, or NULL */
} KasirRowList;

/* Sets the content of @window: a header bar over the list, which screen readers call
 * @list_name, or over a status page (@empty_title, @empty_description) while there is no
 * row. @on_row_activated(list, row, @data) runs for a row activated, for as long as
 * @data lives. */
void           kasir_row_list_build       (KasirRowList *self,
                                           AdwWindow    *window,
                                           const char   *list_name,
                                           const char   *empty_title,
                                           const char   *empty_description,
                                           GCallback     on_row_activated,
                                           gpointer      data);
/* Shows @message (NULL: hides the line). */
void           kasir_row_list_set_message (KasirRowList *self,
                                           const char   *message);
/* Removes every row. */
void           kasir_row_list_clear       (KasirRowList *self);
/* A new activatable row titled @title (plain text) over @subtitle, at the end of the
 * list; the window adds its suffixes (kasir_row_list_add_total() among them). */
AdwActionRow  *kasir_row_list_append      (KasirRowList *self,
                                           const char   *title,
                                           const char   *subtitle);
/* Adds @total to @row, large, in figures of one width. */
void           kasir_row_list_add_total   (AdwActionRow *row,
                                           const char   *total);
/* Shows the list, or the status page when there is no row. */
void           kasir_row_list_show        (KasirRowList *self);
/* The @index-th row, or NULL. */
GtkListBoxRow *kasir_row_list_get_row     (KasirRowList *self,
                                           guint         index);
/* Frees what the list owns; safe to call twice (dispose, then finalize). */
void           kasir_row_list_free_data   (KasirRowList *self);

G_END_DECLS
