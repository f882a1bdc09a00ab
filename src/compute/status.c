/* iki — Indonesian status text of a computed indicator. */
#include "iki/compute.h"

const char *iki_status_text(iki_status s)
{
    switch (s) {
    case IKI_STATUS_OK: return "ok";
    case IKI_STATUS_NO_TARGET: return "tanpa target";
    case IKI_STATUS_MISSING_INPUT: return "data tidak tersedia";
    case IKI_STATUS_ZERO_DENOMINATOR: return "penyebut nol";
    case IKI_STATUS_INVALID_INPUT: return "data tidak valid";
    default: return "tidak dikenal";
    }
}
