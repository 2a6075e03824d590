using Xunit;

namespace DmmActors.Tests.EndToEnd;

/// <summary>The conventions of a command line: help per command, --version, suggestions for typos, shell completion.</summary>
public class CommandLineTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("dmm-cli-").FullName;

    public static IEnumerable<object[]> Commands() =>
        new[] { "run", "storm", "compare", "practices", "bindings", "replay", "node", "cluster", "completion" }.Select(c => new object[] { c });

    [Fact]
    public void Run_help_prints_the_run_command_and_its_options_and_exits_0()
    {
        var result = DmmProgram.Run(dir, "run", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dmm run [<SCENARIO.conf>] [options]", result.Stdout);
        foreach (var option in new[] { "--out <DIR>", "--journal <FILE|CONNSTR>", "--multicast", "--allow-include", "--pcap-filter <FILTER>", "--partitions <N>" })
            Assert.Contains(option, result.Stdout);
        Assert.Equal("", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "dmm-out")), "help runs nothing");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_its_own_help_under_h_and_help(string command)
    {
        var shortForm = DmmProgram.Run(dir, command, "-h");
        var longForm = DmmProgram.Run(dir, "help", command);
        Assert.Equal(0, shortForm.ExitCode);
        Assert.Contains($"dmm {command}", shortForm.Stdout);
        Assert.Equal(shortForm.Stdout, longForm.Stdout);
    }

    [Fact]
    public void No_arguments_list_the_commands()
    {
        var result = DmmProgram.Run(dir);
        Assert.Equal(0, result.ExitCode);
        foreach (var (command, _) in Commands().Select(c => ((string)c[0], 0))) Assert.Contains($"  {command}", result.Stdout);
        Assert.Contains("Exit codes: 0 success, 1 run failed, 2 bad input", result.Stdout);
    }

    [Fact]
    public void Version_prints_the_version_and_exits_0()
    {
        var result = DmmProgram.Run(dir, "--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout.Trim());
    }

    [Theory]
    [InlineData(new[] { "rn" }, "unknown command 'rn' (did you mean 'run'?)")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate' (commands: run, storm, compare, practices, bindings, replay, node, cluster, completion)")]
    [InlineData(new[] { "run", "--ot", "x" }, "unknown option --ot for dmm run (did you mean --out?)")]
    [InlineData(new[] { "storm", "--resum", "latest" }, "unknown option --resum for dmm storm (did you mean --resume?)")]
    [InlineData(new[] { "replay", "--journal" }, "option --journal needs a value")]
    [InlineData(new[] { "practices", "extra" }, "unexpected argument 'extra' for dmm practices")]
    [InlineData(new[] { "bindings", "--limit", "-3", "--journal", "j.db" }, "option --limit = '-3' must be an integer in 0..")]
    [InlineData(new[] { "completion", "fish" }, "completion: shell 'fish' is not supported (bash, zsh)")]
    public void A_mistake_is_one_line_naming_it_and_exit_2(string[] args, string expected)
    {
        File.WriteAllText(Path.Combine(dir, "j.db"), "");
        var result = DmmProgram.Run(dir, args);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains(expected, line);
        Assert.StartsWith("dmm: error: ", line);
    }

    [Fact]
    public void Completion_offers_what_the_command_tree_takes()
    {
        var commands = DmmProgram.Run(dir, "[suggest:8]", "dmm stor");
        Assert.Equal(0, commands.ExitCode);
        Assert.Equal(["storm"], commands.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var options = DmmProgram.Run(dir, "[suggest:15]", "dmm run --pcap-");
        Assert.Equal(["--pcap-clock", "--pcap-data-sample", "--pcap-filter"],
            options.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var bash = DmmProgram.Run(dir, "completion", "bash");
        Assert.Equal(0, bash.ExitCode);
        Assert.Contains("complete -o default -F _dmm_complete dmm", bash.Stdout);
    }

    [Fact]
    public void The_bash_script_completes_a_word_in_bash()
    {
        // `dmm` on the PATH, as an installed program would be.
        var bin = Directory.CreateDirectory(Path.Combine(dir, "bin")).FullName;
        var dmm = Path.Combine(bin, "dmm");
        File.WriteAllText(dmm, $"#!/bin/sh\nexec dotnet {Path.Combine(AppContext.BaseDirectory, "dmm.dll")} \"$@\"\n");
        File.SetUnixFileMode(dmm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = """
            source <(dmm completion bash)
            COMP_LINE="dmm replay --jo"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(dmm replay --jo); COMP_CWORD=2
            _dmm_complete
            echo "${COMPREPLY[@]}"
            """;
        var info = new System.Diagnostics.ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal("--journal", output.Trim());
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
