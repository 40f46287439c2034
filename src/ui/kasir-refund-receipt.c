/* kasir-refund-receipt.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-payment-method.h"
#include "kasir-receipt-barcode.h"
#include "kasir-receipt-layout.h"
#include "kasir-refund-receipt.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

static const char *
line_name (const KasirSale *sale,
           gint64           product_id)
{
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *line = sale->lines->pdata[i];

      if (line->product_id == product_id && line->name != NULL)
        return line->name;
    }
  return "";
}

char *
kasir_refund_receipt_build_text (const KasirSale           *sale,
                                 const KasirRefund         *refund,
                                 const KasirReceiptOptions *options,
                                 guint                      columns)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *of_receipt = NULL;
  g_autofree char *when = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (sale != NULL, NULL);
  g_return_val_if_fail (refund != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  columns = MAX (columns, 24);
  if (options->header != NULL && options->header[0] != '\0')
    kasir_receipt_layout_centered (out, options->header, columns);
  /* The heading is in both languages of the shop, as the copy mark of a reprint is. */
  kasir_receipt_layout_centered (out, "*** REFUND / RETUR ***", columns);
  /* Translators: the sale a refund gives back from, e.g. "Of receipt 7-000123". */
  of_receipt = g_strdup_printf (_("Of receipt %s"), sale->receipt_no != NULL ? sale->receipt_no : "");
  when = kasir_ui_format_time (refund->created_at);
  kasir_receipt_layout_pair (out, of_receipt, when, columns);
  if (options->cashier != NULL || options->till != NULL)
    kasir_receipt_layout_pair (out, options->cashier != NULL ? options->cashier : "",
                 options->till != NULL ? options->till : "", columns);
  kasir_receipt_layout_rule (out, columns);

  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *line = refund->lines->pdata[i];
      g_autofree char *qty = NULL;
      g_autofree char *amount = kasir_ui_money_format (line->amount, sale->currency);

      g_string_append (out, line_name (sale, line->product_id));
      g_string_append_c (out, '\n');
      qty = line->write_off
            /* Translators: units given back that were written off as damaged. */
            ? g_strdup_printf (_("  %" PRId64 " back, damaged"), line->qty)
            /* Translators: units given back, on a refund receipt line. */
            : g_strdup_printf (_("  %" PRId64 " back"), line->qty);
      kasir_receipt_layout_pair (out, qty, amount, columns);
    }
  kasir_receipt_layout_rule (out, columns);
  total = kasir_ui_money_format (refund->total, sale->currency);
  kasir_receipt_layout_pair (out, _("TOTAL GIVEN BACK"), total, columns);
  for (guint i = 0; i < refund->payments->len; i++)
    {
      const KasirPayment *p = refund->payments->pdata[i];
      g_autofree char *money = kasir_ui_money_format (p->amount, sale->currency);

      kasir_receipt_layout_pair (out, kasir_payment_method_label (p->method), money, columns);
    }
  if (refund->reason != NULL && refund->reason[0] != '\0')
    {
      kasir_receipt_layout_rule (out, columns);
      /* Translators: why the goods came back, on a refund receipt. */
      g_string_append_printf (out, _("Reason: %s"), refund->reason);
      g_string_append_c (out, '\n');
    }
  kasir_receipt_layout_rule (out, columns);
  kasir_receipt_layout_centered (out, options->synced ? _("Synced") : _("Offline — will sync"), columns);
  if (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

KasirReceiptPrinter *
kasir_refund_receipt_new_printer (const KasirSale           *sale,
                                  const KasirRefund         *refund,
                                  const KasirReceiptOptions *options,
                                  KasirReceiptWidth          width)
{
  g_autofree char *text = NULL;
  g_autofree char *barcode = NULL;

  g_return_val_if_fail (sale != NULL && refund != NULL && options != NULL, NULL);

  text = kasir_refund_receipt_build_text (sale, refund, options, kasir_receipt_width_columns (width));
  barcode = kasir_receipt_barcode_digits (sale->receipt_no);
  return kasir_receipt_printer_new_for_text (text, barcode, width);
}
