//! A small line chart of one score over a client's visits, as SVG: visits evenly spaced,
//! the vertical axis the score's range or fitted to the values ([`Series::chart_scale`]),
//! each value marked and labelled, and the guideline drawn where the score has one. It is a
//! picture of the table that always follows it (the text alternative), so it is named by
//! its caption and carries no figure the table does not.

use yew::prelude::*;

use crate::change::Series;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 48.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 48.0;

/// Props for [`ScoreChart`].
#[derive(Properties, PartialEq)]
pub struct ScoreChartProps {
    /// The score over the visits.
    pub series: Series,
    /// The caption's id, which names the chart.
    pub caption: AttrValue,
}

fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The chart.
#[component]
pub fn ScoreChart(props: &ScoreChartProps) -> Html {
    let points = &props.series.points;
    let (low, high) = props.series.chart_scale();
    let span = if high > low { high - low } else { 1.0 };
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let x = |index: usize| {
        if points.len() <= 1 {
            LEFT + plot_width / 2.0
        } else {
            LEFT + plot_width * index as f64 / (points.len() - 1) as f64
        }
    };
    let y = |value: f64| TOP + plot_height * (1.0 - (value - low) / span);
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .filter_map(|(index, point)| {
            point
                .value
                .map(|value| format!("{:.1},{:.1}", x(index), y(value)))
        })
        .collect();
    html! {
        <svg class="app-chart" role="img" aria-labelledby={props.caption.clone()} viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
            width={WIDTH.to_string()} height={HEIGHT.to_string()}>
            // The range, top and bottom.
            <line x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={y(high).to_string()} y2={y(high).to_string()} stroke="#d8dde0" />
            <line x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={y(low).to_string()} y2={y(low).to_string()} stroke="#aeb7bd" />
            <text x={(LEFT - 8.0).to_string()} y={(y(high) + 5.0).to_string()} text-anchor="end" font-size="14" fill="#4c6272">{ trim(high) }</text>
            <text x={(LEFT - 8.0).to_string()} y={(y(low) + 5.0).to_string()} text-anchor="end" font-size="14" fill="#4c6272">{ trim(low) }</text>
            if let Some(guideline) = props.series.guideline.filter(|value| *value >= low && *value <= high) {
                <line x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={y(guideline).to_string()} y2={y(guideline).to_string()}
                    stroke="#007f3b" stroke-width="2" stroke-dasharray="6 4" data-app-guideline="" />
                <text x={(WIDTH - RIGHT).to_string()} y={(y(guideline) - 6.0).to_string()} text-anchor="end" font-size="13" fill="#00401e">
                    { format!("Guideline {}", trim(guideline)) }
                </text>
            }
            if path.len() > 1 {
                <polyline points={path.join(" ")} fill="none" stroke="#005eb8" stroke-width="3" />
            }
            { for points.iter().enumerate().map(|(index, point)| html! {
                <>
                    <text x={x(index).to_string()} y={(HEIGHT - 16.0).to_string()} text-anchor="middle" font-size="14" fill="#212b32">{ point.date.clone() }</text>
                    if let Some(value) = point.value {
                        <circle cx={x(index).to_string()} cy={y(value).to_string()} r="6" fill="#005eb8" stroke="#fff" stroke-width="2" />
                        <text x={x(index).to_string()} y={(y(value) - 12.0).to_string()} text-anchor="middle" font-size="15" font-weight="700" fill="#212b32">{ point.text.clone() }</text>
                    }
                </>
            }) }
        </svg>
    }
}
