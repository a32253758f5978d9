using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Validators;

namespace Tracing.Bench.Micro;

/// <summary>
/// The one BenchmarkDotNet configuration of the micro-benchmarks: allocations measured (the hot paths should
/// allocate nothing), optimised code enforced, and baselines compared within each category.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    /// <summary>MemoryDiagnoser, JIT optimisation validation, grouping and ratios by category.</summary>
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddValidator(JitOptimizationsValidator.FailOnError);
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
