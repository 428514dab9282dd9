using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TtsGrpc.Server.Settings;

internal static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and checks it before the server starts:
    /// values that do not convert, data-annotation ranges and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>
    /// rules, each failure worded with its key (Tts:Synthesis:Lookahead) and value. A key under "Tts" that no
    /// registered options class declares is refused too (<see cref="UnknownSettingsCheck"/>).
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, IConfigurationSection section)
        where TOptions : class
    {
        services.AddSingleton(new SettingsSection(section.Path, typeof(TOptions)));
        services.AddSingleton<IValidateOptions<TOptions>>(new AnnotatedSettingsValidator<TOptions>(section.Path));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SettingsTree>, UnknownSettingsCheck>());
        services.AddOptions<SettingsTree>().ValidateOnStart();
        return services.AddOptions<TOptions>()
            .Configure(options => SectionBinder.Bind(section, options))
            .ValidateOnStart();
    }
}
