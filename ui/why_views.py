"""The why-residual page's three views of a pair of trained nets, plain next to residual: the lesion study, the
ensemble of paths and the loss landscape. Each draws a study's figures and the sentences measured from it."""

from __future__ import annotations

import streamlit as st

from resnet_viz.analyses.degradation import chance_error
from resnet_viz.analyses.trained import CLASSES
from resnet_viz.analyses.why_residual import (
    NetStudy,
    StudySettings,
    binomial_middle,
    lesion_summary,
    per_branch_factor,
    surface_summary,
)
from resnet_viz.figures import why_residual as figs
from ui.charts import figure as cached
from ui.charts import show
from ui.i18n import translator
from ui.text.why_residual import TEXT

CHANCE = chance_error(len(CLASSES))


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _loss(value: float) -> str:
    """Losses span 0.001 to millions on this page: four decimals when small, thousands separators when large."""
    return f"{value:.4f}" if value < 10 else f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def show_lesion(plain: NetStudy, residual: NetStudy) -> None:
    tr = translator(TEXT)
    st.markdown(tr("lesion_intro"))
    show(cached(figs.lesion_figure, plain, residual, chance=CHANCE))
    res, pla = lesion_summary(residual, CHANCE), lesion_summary(plain, CHANCE)
    down = ", ".join(f"{name} {_pct(error)} %" for name, error in res.downsampling)
    st.markdown("\n".join([
        "- " + tr("lesion_residual", net=residual.label, intact=_pct(res.intact), median=_pct(res.median),
                  worst=_pct(res.worst), worst_block=res.worst_block, down=down),
        "- " + tr("lesion_plain", net=plain.label, intact=_pct(pla.intact), median=_pct(pla.median),
                  near_chance=pla.near_chance, blocks=pla.blocks, chance=_pct(CHANCE)),
        "- " + tr("lesion_compare", plain_rise=_pct(pla.median - pla.intact),
                  residual_rise=_pct(res.median - res.intact)),
        "- " + tr("lesion_top_down" if res.top_downsamples else "lesion_top_other", net=residual.label,
                  block=res.top_block, error=_pct(res.top_error)),
    ]))
    st.caption(tr("lesion_paper"))
    st.markdown(tr("deletions_intro"))
    show(cached(figs.deletions_figure, plain, residual, chance=CHANCE))
    st.markdown("\n".join(
        "- " + tr("deletions_line", net=s.label, first=_pct(s.deletions[0].mean), last_k=s.deletions[-1].k,
                  last=_pct(s.deletions[-1].mean)) for s in (plain, residual) if s.deletions))
    st.markdown(tr("reorder_intro"))
    show(cached(figs.reorder_figure, plain, residual, chance=CHANCE))
    lines = []
    for study in (plain, residual):
        most = min(study.reorders, key=lambda p: (p.tau, -p.error))
        lines.append("- " + tr("reorder_line", net=study.label, tau=f"{most.tau:.2f}", error=_pct(most.error),
                               intact=_pct(study.lesion.intact_error if study.lesion else 0.0)))
    st.markdown("\n".join(lines))


def show_paths(plain: NetStudy, residual: NetStudy, settings: StudySettings) -> None:
    tr = translator(TEXT)
    paths = residual.paths
    st.markdown(tr("paths_intro"))
    low, high = binomial_middle(paths.blocks)
    st.markdown(tr("paths_counts", net=residual.label, blocks=paths.blocks, total=f"{2 ** paths.blocks:,}", low=low,
                   high=high))
    show(cached(figs.path_count_figure, paths.blocks, residual_label=residual.label,
                plain_label=plain.label))
    st.markdown(tr("paths_method", images=settings.path_images, draws=settings.path_draws))
    show(cached(figs.path_gradient_figure, paths, plain.paths, residual_label=residual.label,
                plain_label=plain.label))
    factor = per_branch_factor(paths)
    lines = [tr("paths_trend_falls" if factor < 1 else "paths_trend_rises", factor=f"{factor:.2f}")]
    low, high = paths.effective_range()
    lines.append(tr("paths_peak", peak=paths.peak, low=low, high=high, blocks=paths.blocks,
                    low_share=round(100 * low / paths.blocks), high_share=round(100 * high / paths.blocks)))
    if plain.paths is not None:
        lines.append(tr("paths_plain", net=plain.label, blocks=plain.paths.blocks,
                        value=f"{plain.paths.magnitudes[0]:.3g}", residual_value=f"{paths.magnitudes[-1]:.3g}"))
    st.markdown("\n".join("- " + line for line in lines))


def show_landscape(plain: NetStudy, residual: NetStudy, settings: StudySettings) -> None:
    tr = translator(TEXT)
    st.markdown(tr("landscape_intro", count=settings.train_count))
    show(cached(figs.slice_figure, plain, residual))
    lines = []
    for study in (plain, residual):
        ends = (study.slice.losses[0][0], study.slice.losses[0][-1])
        lines.append(tr("slice_line", net=study.label, center=_loss(study.slice.center_loss), edge=_loss(max(ends)),
                        span=f"{settings.span:g}"))
    st.markdown("\n".join("- " + line for line in lines))
    show(cached(figs.surface_figure, plain, residual))
    lines = []
    for study in (plain, residual):
        summary = surface_summary(study.surface)
        lines.append(tr("surface_line", net=study.label, center=_loss(summary.center), edge=_loss(summary.edge),
                        ratio=f"{summary.edge / summary.center:,.0f}", rough=summary.rough, cells=summary.cells))
    st.markdown("\n".join("- " + line for line in lines))
    st.caption(tr("landscape_paper"))
