namespace AiNative.Activities;

/// <summary>Marks this assembly, so hosts can find its durable activities by reflection.</summary>
public static class ActivitiesAssembly
{
    public static System.Reflection.Assembly Value => typeof(ActivitiesAssembly).Assembly;
}
