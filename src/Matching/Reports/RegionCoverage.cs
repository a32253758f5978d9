namespace Tracing.Matching.Reports;

/// <summary>A region's coverage on a day: its own totals and one row per sub-region, least covered first.</summary>
/// <param name="Total">The region itself (code and name; the country has an empty code): the sums over its sub-regions, visitors counted once.</param>
/// <param name="Rows">Every sub-region of the region, those without a venue included with zeros, least covered first.</param>
public sealed record RegionCoverage(CoverageRow Total, IReadOnlyList<CoverageRow> Rows);
