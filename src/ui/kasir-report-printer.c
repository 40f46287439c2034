/* kasir-report-printer.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-report-printer.h"

#define FONT_SIZE 9.0
#define MARGIN_MM 15.0

typedef struct
{
  GPtrArray *lines;
  guint      lines_per_page;
  guint      n_pages;
} Job;

static PangoFontDescription *
make_font (void)
{
  PangoFontDescription *font = pango_font_description_from_string ("Monospace");

  pango_font_description_set_size (font, (int) (FONT_SIZE * PANGO_SCALE));
  return font;
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                Job               *job)
{
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = make_font ();
  int w, h;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "Mg", -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  pango_font_description_free (font);
  job->lines_per_page = MAX (1, (guint) (gtk_print_context_get_height (context) / MAX (h, 1)));
  job->n_pages = MAX (1, (job->lines->len + job->lines_per_page - 1) / job->lines_per_page);
  gtk_print_operation_set_n_pages (operation, (int) job->n_pages);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              Job               *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = make_font ();
  g_autoptr(GString) page = g_string_new (NULL);
  guint first = (guint) page_nr * job->lines_per_page;
  guint last = MIN (job->lines->len, first + job->lines_per_page);

  for (guint i = first; i < last; i++)
    g_string_append_printf (page, "%s%s", (const char *) job->lines->pdata[i], i + 1 < last ? "\n" : "");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, page->str, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
}

guint
kasir_report_print_pdf (GPtrArray   *lines,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  Job job = { lines, 1, 1 };

  g_return_val_if_fail (lines != NULL && path != NULL, 0);

  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_top_margin (setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("Sales report"));
  gtk_print_operation_set_export_filename (operation, path);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), &job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), &job);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error)
      != GTK_PRINT_OPERATION_RESULT_APPLY)
    return 0;
  return job.n_pages;
}
