using Tracing.Server.CheckIn;

namespace Tracing.Server.Tests;

/// <summary>
/// A name or venue name typed by the public stays text when a manager opens the exported CSV in a spreadsheet:
/// no cell starts with something a spreadsheet reads as a formula.
/// </summary>
public sealed class ScanHistoryCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(A1)", "'=HYPERLINK(A1)")]
    [InlineData("+84 912", "'+84 912")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("\n=1+1", "\"'\n=1+1\"")]
    [InlineData("Nguyễn Văn An", "Nguyễn Văn An")]
    [InlineData("Quán \"Ngon\", Quận 1", "\"Quán \"\"Ngon\"\", Quận 1\"")]
    [InlineData("", "")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(string value, string cell)
        => Assert.Equal(cell, ScanHistoryCsv.Field(value));
}
